/** The HTTP transport: the active side POSTs signed exchanges to the passive side's peer URL. */
package io.crmsync.transport.http;

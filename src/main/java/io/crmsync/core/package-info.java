/**
 * The pure core of a sync: hybrid logical clocks, value encoding and hashing, field directions and
 * the last-writer-wins rule. No JDBC, JAX-RS, servlet or FTP type is imported here.
 */
package io.crmsync.core;

/**
 * Transports: how batches travel between the two programs of a sync. The wire format
 * ({@link io.crmsync.transport.BatchJson}) is shared; {@code http} is the HTTP transport.
 */
package io.crmsync.transport;

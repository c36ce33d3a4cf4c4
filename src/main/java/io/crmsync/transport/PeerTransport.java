package io.crmsync.transport;

import io.crmsync.blob.BlobRef;
import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;

/**
 * The active side's half of an exchange: sends a batch to the peer and returns its answer; large
 * values travel before (the batch's) and after (the answer's) the exchange.
 */
public interface PeerTransport {
  Batch exchange(SyncDef sync, Batch outgoing) throws TransportException;

  /** Sends a large value from this side's spool to the peer's. */
  void sendBlob(SyncDef sync, BlobRef ref) throws TransportException;

  /** Fetches a large value the peer's answer refers to into this side's spool. */
  void fetchBlob(SyncDef sync, BlobRef ref) throws TransportException;
}

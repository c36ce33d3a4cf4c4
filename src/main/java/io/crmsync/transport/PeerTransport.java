package io.crmsync.transport;

import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;

/** The active side's half of an exchange: sends a batch to the peer and returns its answer. */
public interface PeerTransport {
  Batch exchange(SyncDef sync, Batch outgoing) throws TransportException;
}

package io.crmsync.exchange;

import io.crmsync.core.Batch;

/**
 * A batch built for sending, with what it covers: the journal up to {@code journalEnd} and, if
 * it carries initial-load rows, the table, last key and generation of that load.
 */
public record Outgoing(
    Batch batch,
    long journalEnd,
    String loadTable,
    String loadPk,
    Long loadGen,
    boolean loadDone,
    long reloadRequested) {

  /** The same range with another batch (the batch without values that could not be sent). */
  public Outgoing with(Batch other) {
    return new Outgoing(other, journalEnd, loadTable, loadPk, loadGen, loadDone, reloadRequested);
  }
}

package io.crmsync.transport;

import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;
import io.crmsync.exchange.SyncState;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * How batches travel between the two programs of a sync: the HTTP client (active side), the HTTP
 * answer (passive side, one per request) and the folders (LOCAL or FTP, both sides). The engine
 * runs the same steps for each (receive, apply, acknowledge, build, send, apply the replies);
 * what is particular to a transport (files, ack files, bad files, signatures, large values on
 * the way) stays behind this interface.
 */
public interface Transport extends AutoCloseable {

  /**
   * Receive or read: what the peer sent that waits here; {@code progress} gives this side's state
   * if the transport needs it (read on first use). Large values of the batches returned are in
   * this program's spool.
   */
  Inbound receive(SyncDef sync, Progress progress) throws IOException, SQLException;

  /**
   * Whether this side may build its next batch in this state (the folders: only when the last one
   * was acknowledged, or its file is gone).
   */
  boolean mayBuild(SyncState state);

  /**
   * Whether a batch with nothing in it travels too: the HTTP client polls with it and the answer
   * must answer; folders write no file for it (it counts as acknowledged at once).
   */
  boolean sendsEmpty();

  /** The most records a batch of this transport carries. */
  int maxRecords();

  /** Acknowledge: tells the peer the last of its batches applied here (HTTP: the next batch says it). */
  void acknowledge(SyncDef sync, long inSeq) throws IOException;

  /**
   * Send or write a batch (its large values are in the spool); returns the peer's answers to it,
   * to be applied here (HTTP client: the answer of the exchange; the others: none).
   */
  List<Batch> send(SyncDef sync, Batch batch) throws IOException;

  /**
   * Ends a pass in {@code state}: housekeeping, and the status for what only the transport knows
   * (the folders: files removed once acknowledged, bad files, success).
   */
  default void finish(SyncDef sync, SyncState state, StatusSink status) throws IOException, SQLException {}

  /** When the next cycle comes, if sooner than the sync's period. */
  Pace pace();

  /** Whether this transport, opened for a sync as it was, still fits the sync as it is now. */
  boolean serves(SyncDef sync);

  @Override
  void close();

  /** What the peer sent: its acknowledgement of this side's batches (null: none new) and its batches, oldest first. */
  record Inbound(Long ack, List<Batch> batches) {
    public static final Inbound NOTHING = new Inbound(null, List.of());

    public Inbound {
      batches = List.copyOf(batches);
    }
  }

  /** How one cycle ended: whether anything moved (applied, acknowledged, sent), whether more waits. */
  record Outcome(boolean moved, boolean more) {}

  /** This side's progress, read when first asked for. */
  interface Progress {
    SyncState get() throws SQLException;
  }

  /**
   * When the next cycle comes: {@code soonMillis} after one that moved something ({@code
   * afterMoved}) or that left more waiting (otherwise), and still that soon for {@code
   * followMillis} after the last one that did.
   */
  record Pace(boolean afterMoved, long soonMillis, long followMillis) {
    /** The peer sets the pace (an answer to its request). */
    public static final Pace PEER = new Pace(false, 0, 0);

    public boolean soon(Outcome outcome) {
      return afterMoved ? outcome.moved() : outcome.more();
    }
  }

  /** Where a transport records the outcome of a cycle in the sync's status. */
  interface StatusSink {
    /** Success (null) or a problem that did not stop the cycle. */
    void status(SyncDef sync, String problem) throws SQLException;
  }
}

package io.crmsync.cycle;

import io.crmsync.app.Program;
import io.crmsync.blob.BlobRef;
import io.crmsync.blob.BlobSpool;
import io.crmsync.config.ConfigSnapshot;
import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;
import io.crmsync.exchange.Applier;
import io.crmsync.exchange.Outgoing;
import io.crmsync.exchange.OutgoingBlobs;
import io.crmsync.exchange.OutgoingBuilder;
import io.crmsync.exchange.Quarantine;
import io.crmsync.exchange.Step;
import io.crmsync.exchange.SyncState;
import io.crmsync.journal.VersionStore;
import io.crmsync.journal.Versioner;
import io.crmsync.log.ChangeLog;
import io.crmsync.transport.PeerTransport;
import io.crmsync.transport.TransportException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Exchanges of a sync, each step one database transaction under the program lock (a row lock on
 * {@code crmsync_program}, so that versioning and applying never interleave, also across cluster
 * members): the active side builds its batch, sends it without holding the lock, then applies the
 * answer; the passive side applies the request and builds its answer in one transaction.
 */
@ApplicationScoped
public class SyncEngine {
  private static final Logger LOG = Logger.getLogger(SyncEngine.class.getName());
  static final int MAX_RECORDS = 500;
  /** A file costs a round trip of both sides' cycles, so folder batches are larger. */
  static final int FOLDER_MAX_RECORDS = 2000;
  /** How long one cycle may keep exchanging while either side has more to send. */
  static final long CYCLE_BUDGET_MILLIS = 20_000;

  @Inject Program program;

  /**
   * One cycle of an active sync: exchanges until neither side has more, within a time budget;
   * returns whether more is still waiting.
   */
  public boolean runActive(SyncDef sync, PeerTransport transport) throws SQLException, TransportException {
    long start = System.currentTimeMillis();
    boolean more;
    do {
      Outgoing out = buildOutgoing(sync);
      Batch answer;
      try {
        for (BlobRef ref : OutgoingBlobs.of(out.batch())) {
          transport.sendBlob(sync, ref);
        }
        answer = transport.exchange(sync, out.batch());
        for (BlobRef ref : OutgoingBlobs.of(answer)) {
          if (!BlobSpool.has(ref)) {
            transport.fetchBlob(sync, ref);
          }
        }
      } catch (TransportException e) {
        failure(sync, e.getMessage());
        throw e;
      }
      applyAnswer(sync, answer);
      BlobSpool.discard(OutgoingBlobs.of(out.batch()));
      BlobSpool.discard(OutgoingBlobs.of(answer));
      more = out.batch().more() || answer.more();
    } while (more && System.currentTimeMillis() - start < CYCLE_BUDGET_MILLIS);
    return more;
  }

  private Outgoing buildOutgoing(SyncDef sync) throws SQLException {
    return inStep(
        sync,
        s -> {
          Outgoing out = build(s, MAX_RECORDS, SyncState.load(s.c(), sync.id()));
          SyncState.sent(s.c(), sync.id(), out);
          return out;
        });
  }

  private void applyAnswer(SyncDef sync, Batch answer) throws SQLException {
    inStep(
        sync,
        s -> {
          SyncState state = SyncState.load(s.c(), sync.id()).acknowledge(s.c(), answer.ack());
          new Applier(s).apply(answer);
          state.received(s.c(), answer.seq());
          return null;
        });
  }

  /** The next batch of a sync, its large values spooled for the transport. */
  private static Outgoing build(Step s, int maxRecords, SyncState state) throws SQLException {
    Outgoing out = new OutgoingBuilder(s, maxRecords).build(state);
    return out.with(OutgoingBlobs.spool(s, out.batch()));
  }

  /** The passive side of one exchange: applies the request and returns the answer. */
  public Batch answer(SyncDef sync, Batch request) throws SQLException {
    return inStep(
        sync,
        s -> {
          SyncState state = SyncState.load(s.c(), sync.id()).acknowledge(s.c(), request.ack());
          new Applier(s).apply(request);
          // The state is kept in memory from here: the program lock keeps other steps out.
          state = state.received(s.c(), request.seq());
          BlobSpool.discard(OutgoingBlobs.of(request));
          Outgoing out = build(s, MAX_RECORDS, state);
          SyncState.sent(s.c(), sync.id(), out);
          return out.batch();
        });
  }

  /** Folder transports: applies one batch read from the peer's download folder. */
  public void applyFile(SyncDef sync, Batch batch) throws SQLException {
    inStep(
        sync,
        s -> {
          SyncState.load(s.c(), sync.id()).acknowledge(s.c(), batch.ack());
          new Applier(s).apply(batch);
          SyncState.received(s.c(), sync.id(), batch.seq());
          return null;
        });
  }

  /** Folder transports: the peer's ack file says it applied batch {@code ack}. */
  public boolean acknowledgeFile(SyncDef sync, long ack) throws SQLException {
    return inStep(
        sync,
        s -> {
          SyncState before = SyncState.load(s.c(), sync.id());
          return before.pendingSeq() != 0 && before.acknowledge(s.c(), ack).pendingSeq() == 0;
        });
  }

  /**
   * Folder transports: builds the next batch file and records it as sent. A batch that carries
   * nothing counts as acknowledged at once (no file for it); then this returns null.
   */
  public Batch nextFile(SyncDef sync) throws SQLException {
    return inStep(
        sync,
        s -> {
          Outgoing out = build(s, FOLDER_MAX_RECORDS, SyncState.load(s.c(), sync.id()));
          SyncState.sent(s.c(), sync.id(), out);
          if (out.batch().records().isEmpty() && !out.batch().reload()) {
            SyncState.load(s.c(), sync.id()).acknowledge(s.c(), out.batch().seq());
            return null;
          }
          return out.batch();
        });
  }

  /**
   * Applies the sync's quarantined records again (all, or only the one with id {@code onlyId}),
   * in one step under the program lock like any received batch.
   */
  public Applier.RetryResult retryQuarantined(SyncDef sync, Long onlyId) throws SQLException {
    return inStep(sync, s -> new Applier(s).retry(Quarantine.list(s.c(), sync.id(), onlyId)));
  }

  /** The sync's progress as stored now. */
  public SyncState state(SyncDef sync) throws SQLException {
    try (Connection c = program.connection()) {
      return SyncState.load(c, sync.id());
    }
  }

  /** Records the outcome of a folder cycle: success, or a problem that did not stop it. */
  public void status(SyncDef sync, String problem) throws SQLException {
    try (Connection c = program.connection()) {
      if (problem == null) {
        SyncState.success(c, sync.id());
      } else {
        SyncState.failure(c, sync.id(), problem);
      }
    }
  }

  interface StepWork<T> {
    T run(Step step) throws SQLException;
  }

  /**
   * Runs one step of a sync in a transaction under the program lock, after versioning every
   * captured change, so that what is sent or compared is up to date.
   */
  private <T> T inStep(SyncDef sync, StepWork<T> work) throws SQLException {
    return inTransaction(
        (c, configVersion) -> {
          ConfigSnapshot config = program.config(configVersion);
          try (VersionStore store = new VersionStore(c, program.dialect()).relayingOnly(config::relays);
              ChangeLog log = new ChangeLog(c, program.dialect(), sync.id(), sync.name())) {
            Versioner versioner = new Versioner(c, program, program.programId(), config, store);
            versioner.drainCaptures();
            return work.run(new Step(c, program, program.programId(), config, sync, store, versioner, log));
          }
        });
  }

  /** Records a failed attempt in the sync's status (its own transaction). */
  public void failure(SyncDef sync, String message) {
    LOG.log(Level.WARNING, "crm-sync: sync ''{0}'': {1}", new Object[] {sync.name(), message});
    try (Connection c = program.connection()) {
      SyncState.load(c, sync.id());
      SyncState.failure(c, sync.id(), message);
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "crm-sync: cannot record the failure of sync " + sync.name(), e);
    }
  }

  interface Work<T> {
    T run(Connection c, long configVersion) throws SQLException;
  }

  <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection c = program.connection()) {
      c.setAutoCommit(false);
      T result;
      try {
        result = work.run(c, lockProgram(c));
        c.commit();
      } catch (SQLException | RuntimeException e) {
        // On a connection the database dropped (restart, 57P01), rollback fails too ("This
        // connection has been closed"): the first error is the one that says what happened.
        try {
          c.rollback();
          c.setAutoCommit(true);
        } catch (SQLException second) {
          e.addSuppressed(second);
        }
        throw e;
      }
      c.setAutoCommit(true);
      return result;
    }
  }

  /** Locks the program row; returns the configuration version (read here: one query less). */
  private long lockProgram(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(program.dialect().lockProgram());
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

package io.crmsync.cycle;

import io.crmsync.app.Program;
import io.crmsync.exchange.Activity;
import io.crmsync.exchange.OutgoingBlobs;
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
import io.crmsync.security.Nonces;
import io.crmsync.transport.Transport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The locked steps of a sync, each one database transaction under the program lock (a row lock on
 * {@code crmsync_program}, so that versioning and applying never interleave, also across cluster
 * members), after versioning every captured change: take the peer's acknowledgement, apply a
 * received batch, build the next one. {@link Exchange} runs them in the same order for every
 * transport; nothing here knows how batches travel.
 */
@ApplicationScoped
public class SyncEngine {
  private static final Logger LOG = Logger.getLogger(SyncEngine.class.getName());

  @Inject Program program;
  @Inject SyncMetrics metrics;

  /**
   * One step: takes the peer's acknowledgement {@code peerAck} (null: none), applies the batch
   * {@code received} (null: none), then, if {@code builder} is given and lets this side build in
   * the state reached, builds the next batch and records it as sent. A batch with nothing in it
   * that the transport does not send counts as acknowledged at once.
   */
  public Stepped step(SyncDef sync, Long peerAck, Batch received, Transport builder) throws SQLException {
    return inStep(
        sync,
        s -> {
          SyncState state = SyncState.load(s.c(), sync.id());
          boolean acknowledged = false;
          if (peerAck != null) {
            boolean pending = state.pendingSeq() != 0;
            state = state.acknowledge(s.c(), peerAck);
            acknowledged = pending && state.pendingSeq() == 0;
          }
          if (received != null) {
            state = state.acknowledge(s.c(), received.ack());
            new Applier(s).apply(received);
            // The state is kept in memory from here: the program lock keeps other steps out.
            state = state.received(s.c(), received.seq());
          }
          if (builder == null || !builder.mayBuild(state)) {
            return new Stepped(state, null, acknowledged);
          }
          Outgoing out = new OutgoingBuilder(s, builder.maxRecords()).build(state);
          out = out.with(OutgoingBlobs.spool(s, out.batch()));
          state = state.sent(s.c(), out);
          Batch batch = out.batch();
          if (batch.records().isEmpty() && !batch.reload() && !builder.sendsEmpty()) {
            return new Stepped(state.acknowledge(s.c(), batch.seq()), null, acknowledged);
          }
          return new Stepped(state, batch, acknowledged);
        });
  }

  /**
   * What a step did: the sync's state after it, the batch it built (null: none to send), and
   * whether the peer's acknowledgement cleared the batch this side had pending.
   */
  public record Stepped(SyncState state, Batch built, boolean acknowledged) {}

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

  /** Records a peer request's nonce; false if it was seen before (a replay). */
  public boolean firstUse(String nonce) throws SQLException {
    try (Connection c = program.connection()) {
      return Nonces.firstUse(c, nonce, System.currentTimeMillis());
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

  /**
   * Adds a pass's records to the sync's activity of the minute (for the chart on its page). A
   * failure here is logged and does not fail the exchange, whose work is already committed.
   */
  void activity(SyncDef sync, Activity.Arrivals received, int sent) {
    if (received.records() == 0 && sent == 0) {
      return;
    }
    try (Connection c = program.connection()) {
      Activity.record(c, sync.id(), System.currentTimeMillis(), received, sent);
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "crm-sync: cannot record the activity of sync " + sync.name(), e);
    }
  }

  /** Records a failed attempt in the sync's status (its own transaction). */
  public void failure(SyncDef sync, String message) {
    metrics.failed(sync);
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

package io.crmsync.cycle;

import io.crmsync.app.Program;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.exchange.SyncState;
import io.crmsync.transport.http.HttpPeerTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The loop of one active sync: every period, if it holds the sync's lease, runs one cycle; ends
 * when the sync is deleted or changed to passive, when the batch step is stopped, or at shutdown.
 */
@ApplicationScoped
public class CycleRunner {
  private static final Logger LOG = Logger.getLogger(CycleRunner.class.getName());
  private static final long MIN_LEASE_MILLIS = 15_000;

  @Inject Program program;
  @Inject SyncEngine engine;
  @Inject CycleRegistry registry;

  public void loop(long syncId, BooleanSupplier stopped) throws InterruptedException {
    try (HttpPeerTransport transport = new HttpPeerTransport()) {
      long next = 0;
      while (!stopped.getAsBoolean() && !registry.isShuttingDown()) {
        Optional<SyncDef> sync;
        try {
          sync = activeSync(syncId);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "crm-sync: cannot read the configuration; retrying", e);
          registry.await(1000);
          continue;
        }
        if (sync.isEmpty()) {
          break;
        }
        long now = System.currentTimeMillis();
        if (now >= next) {
          long period = sync.get().periodSeconds() * 1000L;
          next = now + period;
          if (cycle(sync.get(), transport, Math.max(MIN_LEASE_MILLIS, 3 * period))) {
            next = now;
          }
        }
        registry.await(Math.min(Math.max(next - System.currentTimeMillis(), 0), 1000));
      }
    } finally {
      releaseLease(syncId);
      registry.release(syncId);
    }
  }

  /** The sync if it is still an active HTTP sync; empty if it was deleted or changed. */
  private Optional<SyncDef> activeSync(long syncId) {
    return program
        .config()
        .sync(syncId)
        .filter(s -> s.mode() == Mode.ACTIVE && s.transport() == Transport.HTTP);
  }

  /** Runs one cycle if this JVM holds the lease; returns whether more is waiting right away. */
  private boolean cycle(SyncDef sync, HttpPeerTransport transport, long leaseMillis) {
    try {
      try (Connection c = program.connection()) {
        String owner = registry.owner();
        if (!Leases.acquire(c, sync.id(), owner, leaseMillis)) {
          // Held by another member, or the state row is missing: SyncState.load creates it.
          SyncState.load(c, sync.id());
          if (!Leases.acquire(c, sync.id(), owner, leaseMillis)) {
            return false;
          }
        }
      }
      return engine.runActive(sync, transport);
    } catch (Exception e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      if (!(e instanceof io.crmsync.transport.TransportException)) {
        LOG.log(Level.WARNING, "crm-sync: cycle of sync '" + sync.name() + "' failed", e);
        engine.failure(sync, message);
      }
      return false;
    }
  }

  private void releaseLease(long syncId) {
    try (Connection c = program.connection()) {
      Leases.release(c, syncId, registry.owner());
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.FINE, "crm-sync: lease of sync " + syncId + " left to expire", e);
    }
  }
}

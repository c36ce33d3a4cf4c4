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
  /**
   * How old the configuration may be when the loop checks that its sync still exists: the steps
   * of a cycle read its version anyway, so right after a cycle there is no need to ask again.
   */
  private static final long CONFIG_AGE_MILLIS = 1_500;

  @Inject Program program;
  @Inject SyncEngine engine;
  @Inject CycleRegistry registry;

  public void loop(long syncId, BooleanSupplier stopped) throws InterruptedException {
    try (HttpPeerTransport transport = new HttpPeerTransport()) {
      long next = 0;
      long leaseUntil = 0;
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
          long lease = Math.max(MIN_LEASE_MILLIS, 3 * period);
          // Renewed once a third of it has passed, not every cycle (one UPDATE each): a lease
          // that has not expired cannot be taken by another member.
          if (now >= leaseUntil - lease * 2 / 3) {
            leaseUntil = renewLease(sync.get(), lease) ? now + lease : 0;
          }
          if (now < leaseUntil && cycle(sync.get(), transport)) {
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
        .recentConfig(CONFIG_AGE_MILLIS)
        .sync(syncId)
        .filter(s -> s.mode() == Mode.ACTIVE && s.transport() == Transport.HTTP);
  }

  /** Takes or renews the sync's lease for this JVM; false if another member holds it. */
  private boolean renewLease(SyncDef sync, long leaseMillis) {
    try (Connection c = program.connection()) {
      String owner = registry.owner();
      if (Leases.acquire(c, sync.id(), owner, leaseMillis)) {
        return true;
      }
      // Held by another member, or the state row is missing: SyncState.load creates it.
      SyncState.load(c, sync.id());
      return Leases.acquire(c, sync.id(), owner, leaseMillis);
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "crm-sync: cannot take the lease of sync '" + sync.name() + "'", e);
      engine.failure(sync, e.getMessage() == null ? e.toString() : e.getMessage());
      return false;
    }
  }

  /** Runs one cycle (this JVM holds the lease); returns whether more is waiting right away. */
  private boolean cycle(SyncDef sync, HttpPeerTransport transport) {
    try {
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

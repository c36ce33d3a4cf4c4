package io.crmsync.cycle;

import io.crmsync.app.Program;
import io.crmsync.config.SyncDef;
import io.crmsync.exchange.SyncState;
import io.crmsync.transport.Transport;
import io.crmsync.transport.Transport.Pace;
import io.crmsync.transport.folder.FolderTransport;
import io.crmsync.transport.folder.SyncFolders;
import io.crmsync.transport.http.HttpClientTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The loop of one sync that runs cycles here (an active HTTP sync, or a LOCAL or FTP sync on
 * either side): every period, if it holds the sync's lease, runs one cycle; ends when the sync is
 * deleted or no longer runs cycles here, when the batch step is stopped, or at shutdown.
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
  @Inject Exchange exchange;
  @Inject CycleRegistry registry;

  public void loop(long syncId, BooleanSupplier stopped) throws InterruptedException {
    Transport transport = null;
    SyncDef last = null;
    boolean deleted = false;
    try {
      long next = 0;
      long leaseUntil = 0;
      long lastMoved = Long.MIN_VALUE / 2;
      while (!stopped.getAsBoolean() && !registry.isShuttingDown()) {
        Optional<SyncDef> defined;
        try {
          defined = program.recentConfig(CONFIG_AGE_MILLIS).sync(syncId);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "crm-sync: cannot read the configuration; retrying", e);
          registry.await(1000);
          continue;
        }
        Optional<SyncDef> sync = defined.filter(SyncDef::runsCycles);
        if (sync.isEmpty()) {
          deleted = defined.isEmpty();
          break;
        }
        last = sync.get();
        if (transport == null || !transport.serves(sync.get())) {
          if (transport != null) {
            transport.close();
          }
          transport = open(sync.get());
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
          Pace pace = transport.pace();
          if (now < leaseUntil && cycle(sync.get(), transport)) {
            next = now + pace.soonMillis();
            lastMoved = now;
          } else if (now < leaseUntil && now - lastMoved < pace.followMillis()) {
            next = now + pace.soonMillis();
          }
        }
        registry.await(Math.min(Math.max(next - System.currentTimeMillis(), 0), 1000));
      }
    } finally {
      if (transport != null) {
        transport.close();
      }
      if (deleted && last != null && last.folders() != null) {
        // Again after the last cycle: one in flight when the sync was deleted may have written a
        // file after SyncAdmin.delete took the sync's files away.
        SyncFolders.removeWritten(last.name(), last.folders());
      }
      releaseLease(syncId);
      registry.release(syncId);
    }
  }

  /** The transport a loop keeps between cycles: the HTTP client, or the folders' connection. */
  private Transport open(SyncDef sync) {
    if (sync.transport() == io.crmsync.config.Transport.HTTP) {
      return new HttpClientTransport();
    }
    return new FolderTransport(sync, program.programId(), SyncFolders.open(sync.folders()));
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

  /** Runs one cycle (this JVM holds the lease); returns whether the next one should come soon. */
  private boolean cycle(SyncDef sync, Transport transport) {
    try {
      return transport.pace().soon(exchange.run(sync, transport));
    } catch (IOException e) {
      engine.failure(sync, e.getMessage() == null ? e.toString() : e.getMessage());
      return false;
    } catch (Exception e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      LOG.log(Level.WARNING, "crm-sync: cycle of sync '" + sync.name() + "' failed", e);
      engine.failure(sync, message);
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

package io.crmsync.cycle;

import io.crmsync.app.Program;
import io.crmsync.config.FtpServer;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.exchange.SyncState;
import io.crmsync.settings.Settings;
import io.crmsync.transport.TransportException;
import io.crmsync.transport.folder.Folder;
import io.crmsync.transport.folder.FtpFolder;
import io.crmsync.transport.folder.LocalFolder;
import io.crmsync.transport.http.HttpPeerTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
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
  /** A folder cycle that moved something looks again this soon (the peer may have answered). */
  private static final long FOLDER_SOON_MILLIS = 200;
  /**
   * ... and keeps looking that often for this long after the last cycle that moved something: the
   * peer's answer to a file (its ack, or its next file) takes as long as the peer needs to apply
   * or build one, usually longer than 200 ms; waiting a whole period for it made every file of an
   * initial load wait about half a period on each side.
   */
  private static final long FOLDER_FOLLOW_MILLIS = 10_000;
  /**
   * How old the configuration may be when the loop checks that its sync still exists: the steps
   * of a cycle read its version anyway, so right after a cycle there is no need to ask again.
   */
  private static final long CONFIG_AGE_MILLIS = 1_500;

  @Inject Program program;
  @Inject SyncEngine engine;
  @Inject CycleRegistry registry;

  public void loop(long syncId, BooleanSupplier stopped) throws InterruptedException {
    Link link = null;
    try {
      long next = 0;
      long leaseUntil = 0;
      long lastMoved = Long.MIN_VALUE / 2;
      while (!stopped.getAsBoolean() && !registry.isShuttingDown()) {
        Optional<SyncDef> sync;
        try {
          sync = program.recentConfig(CONFIG_AGE_MILLIS).sync(syncId).filter(SyncDef::runsCycles);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "crm-sync: cannot read the configuration; retrying", e);
          registry.await(1000);
          continue;
        }
        if (sync.isEmpty()) {
          break;
        }
        if (link == null || !link.serves(sync.get())) {
          if (link != null) {
            link.close();
          }
          link = open(sync.get());
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
          if (now < leaseUntil && cycle(sync.get(), link)) {
            next = now + link.soon();
            lastMoved = now;
          } else if (now < leaseUntil && now - lastMoved < link.followMillis()) {
            next = now + link.soon();
          }
        }
        registry.await(Math.min(Math.max(next - System.currentTimeMillis(), 0), 1000));
      }
    } finally {
      if (link != null) {
        link.close();
      }
      releaseLease(syncId);
      registry.release(syncId);
    }
  }

  private Link open(SyncDef sync) {
    if (sync.transport() == Transport.HTTP) {
      return new HttpLink(engine, new HttpPeerTransport());
    }
    FtpServer ftp = sync.folders().ftp();
    Folder folder =
        ftp == null
            ? new LocalFolder()
            : new FtpFolder(ftp, Duration.ofSeconds(Settings.getInt(Settings.FTP_TIMEOUT, 30)));
    return new FolderLink(sync, folder, new FolderCycle(engine, program.programId(), folder));
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

  /** Runs one cycle (this JVM holds the lease); returns whether more is waiting. */
  private boolean cycle(SyncDef sync, Link link) {
    try {
      return link.cycle(sync);
    } catch (TransportException e) {
      return false; // recorded in the status by the engine
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

  /** What a loop keeps between cycles: the HTTP client, or the folders' connection. */
  private interface Link extends AutoCloseable {
    boolean cycle(SyncDef sync) throws Exception;

    /** Whether this link still fits the sync (its configuration may have changed). */
    boolean serves(SyncDef sync);

    /** The delay before the next cycle when one returned that more is waiting. */
    long soon();

    /** How long after a cycle that returned true the next ones still come {@link #soon}. */
    long followMillis();

    @Override
    void close();
  }

  private record HttpLink(SyncEngine engine, HttpPeerTransport transport) implements Link {
    @Override
    public boolean cycle(SyncDef sync) throws Exception {
      return engine.runActive(sync, transport);
    }

    @Override
    public boolean serves(SyncDef sync) {
      return sync.transport() == Transport.HTTP;
    }

    @Override
    public long soon() {
      return 0;
    }

    @Override
    public long followMillis() {
      return 0; // an exchange brings the peer's answer with it
    }

    @Override
    public void close() {
      transport.close();
    }
  }

  private record FolderLink(SyncDef opened, Folder folder, FolderCycle folderCycle) implements Link {
    @Override
    public boolean cycle(SyncDef sync) throws Exception {
      return folderCycle.run(sync);
    }

    @Override
    public boolean serves(SyncDef sync) {
      return sync.transport() == opened.transport() && Objects.equals(sync.folders(), opened.folders())
          && Objects.equals(sync.peerKey(), opened.peerKey());
    }

    @Override
    public long soon() {
      return FOLDER_SOON_MILLIS;
    }

    @Override
    public long followMillis() {
      return FOLDER_FOLLOW_MILLIS;
    }

    @Override
    public void close() {
      folder.close();
    }
  }
}

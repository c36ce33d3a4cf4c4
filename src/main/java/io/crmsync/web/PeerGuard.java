package io.crmsync.web;

import io.crmsync.app.Settings;
import io.crmsync.config.SyncDef;
import io.crmsync.cycle.SyncEngine;
import io.crmsync.security.FailureLimiter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brute-force protection of the peer endpoint: failed authentications are counted per remote
 * address and per sync; a source that fails too often in a minute is refused with 429 for a while,
 * before its signature is even checked. Counts live in memory, per server process.
 */
@ApplicationScoped
public class PeerGuard {
  private static final Logger LOG = Logger.getLogger(PeerGuard.class.getName());

  @Inject SyncEngine engine;

  private FailureLimiter byAddress;
  private FailureLimiter bySync;

  @PostConstruct
  void init() {
    int perAddress = Settings.getInt(Settings.PEER_MAX_FAILURES, 10);
    // Five times the per-address limit: one address is locked out long before it could lock the
    // sync (and so its legitimate peer) out; only attempts from several addresses reach it.
    int perSync = Settings.getInt(Settings.PEER_MAX_SYNC_FAILURES, 5 * perAddress);
    long lockMillis = Settings.getInt(Settings.PEER_LOCKOUT_SECONDS, 60) * 1000L;
    byAddress = new FailureLimiter(perAddress, lockMillis, System::currentTimeMillis);
    bySync = new FailureLimiter(perSync, lockMillis, System::currentTimeMillis);
  }

  /** Seconds the request must wait (address or sync locked out), 0 if it may proceed. */
  public long retryAfterSeconds(String address, String syncKey) {
    long millis = Math.max(byAddress.lockedFor(address), bySync.lockedFor(syncKey));
    return (millis + 999) / 1000;
  }

  /** Counts a failed authentication; logs and records a lockout it starts. */
  public void failed(String address, SyncDef sync) {
    long seconds = byAddress.lockMillis() / 1000;
    if (byAddress.failed(address)) {
      lockedOut(sync, "locked out " + address + " for " + seconds + " s after "
          + byAddress.maxFailures() + " failed attempts");
    }
    if (sync != null && bySync.failed(sync.syncKey())) {
      lockedOut(sync, "locked out every address for " + seconds + " s after "
          + bySync.maxFailures() + " failed attempts in a minute on this sync");
    }
  }

  private void lockedOut(SyncDef sync, String message) {
    if (sync == null) {
      LOG.log(Level.WARNING, "crm-sync: peer endpoint (unknown sync key): {0}", message);
    } else {
      engine.failure(sync, message); // logs it too
    }
  }
}

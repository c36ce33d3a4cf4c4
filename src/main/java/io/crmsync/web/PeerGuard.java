package io.crmsync.web;

import io.crmsync.app.Program;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.cycle.SyncEngine;
import io.crmsync.security.FailureLimiter;
import io.crmsync.security.Secrets;
import io.crmsync.settings.Settings;
import io.crmsync.transport.http.HttpPeerTransport;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
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
  @Inject Program program;

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

  private static final String TIME_PREFIX = "request time is ";

  /** The sync a peer request is for, or why it is refused. */
  public record Admission(SyncDef sync, Response refusal) {}

  /**
   * Lets a request in as far as its sync: refused with 429 while its address or sync is locked
   * out, 401 for a key of no passive HTTP sync (counted) or a sync whose stored key does not
   * decrypt (not the caller's fault: not counted, shown in the sync's status).
   */
  public Admission admit(String address, String key) {
    Response locked = lockedOut(address, key);
    if (locked != null) {
      return new Admission(null, locked);
    }
    Optional<SyncDef> found =
        program.config().syncByKey(key).filter(s -> s.mode() == Mode.PASSIVE && s.transport() == Transport.HTTP);
    if (found.isEmpty()) {
      return new Admission(null, refuse(address, null, "no passive HTTP sync with this peer URL"));
    }
    if (found.get().peerKey() == null) {
      engine.failure(found.get(), Secrets.KEY_LOST);
      return new Admission(null, ErrorMapper.json(401, "not authorized"));
    }
    return new Admission(found.get(), null);
  }

  /** The 429 answer for a locked-out address or sync, or null if the request may proceed. */
  public Response lockedOut(String address, String syncKey) {
    long wait = retryAfterSeconds(address, syncKey);
    if (wait <= 0) {
      return null;
    }
    // Refused before anything else: a locked-out source costs no signature check, no database.
    return Response.fromResponse(ErrorMapper.json(429, "too many failed attempts: try again in " + wait + " s"))
        .header("Retry-After", Long.toString(wait))
        .build();
  }

  /** Refuses a request that failed authentication: logged, in the sync's status, counted; 401. */
  public Response refuse(String address, SyncDef sync, String reason) {
    LOG.log(Level.WARNING, "crm-sync: refused a peer request from {0}{1}: {2}",
        new Object[] {address, sync == null ? "" : " for sync '" + sync.name() + "'", reason});
    if (sync != null) {
      engine.failure(sync, "refused a request from the active program: " + reason);
    }
    if (reason.startsWith(TIME_PREFIX)) {
      // A clock out of the window is the one refusal worth explaining to the caller, and not a
      // guess at the password (the signature was not even checked): not counted for lockouts.
      return ErrorMapper.json(401, HttpPeerTransport.CLOCK_SKEW + ": " + reason);
    }
    failed(address, sync);
    return ErrorMapper.json(401, "not authorized");
  }

  /** The problem with a request's signature headers (time window, nonce form), or null. */
  static String checkHeaders(String time, String nonce, String signature) {
    if (time == null || nonce == null || signature == null) {
      return "request is not signed";
    }
    long t;
    try {
      t = Long.parseLong(time);
    } catch (NumberFormatException e) {
      return "bad request time";
    }
    long skew = Settings.getInt(Settings.MAX_CLOCK_SKEW, 300) * 1000L;
    long now = System.currentTimeMillis();
    if (Math.abs(now - t) > skew) {
      return TIME_PREFIX + (now - t) / 1000 + " s away from this program's clock (max " + skew / 1000 + " s)";
    }
    if (!nonce.matches("[0-9a-f]{16,64}")) {
      return "bad nonce";
    }
    return null;
  }
}

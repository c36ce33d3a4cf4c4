package io.crmsync.web;

import io.crmsync.app.Program;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.cycle.SyncEngine;
import io.crmsync.security.FailureLimiter;
import io.crmsync.security.Secrets;
import io.crmsync.security.Signatures;
import io.crmsync.settings.Settings;
import io.crmsync.transport.http.HttpClientTransport;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
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
  /** Failures of requests whose peer URL names no sync, per address (see {@link #failed}). */
  private FailureLimiter strangers;

  @PostConstruct
  void init() {
    int perAddress = Settings.getInt(Settings.PEER_MAX_FAILURES, 10);
    // Five times the per-address limit: one address is locked out long before it could lock the
    // sync (and so its legitimate peer) out; only attempts from several addresses reach it.
    int perSync = Settings.getInt(Settings.PEER_MAX_SYNC_FAILURES, 5 * perAddress);
    long lockMillis = Settings.getInt(Settings.PEER_LOCKOUT_SECONDS, 60) * 1000L;
    byAddress = new FailureLimiter(perAddress, lockMillis, System::currentTimeMillis);
    bySync = new FailureLimiter(perSync, lockMillis, System::currentTimeMillis);
    strangers = new FailureLimiter(perAddress, lockMillis, System::currentTimeMillis);
  }

  /** Counts a failed authentication; logs and records a lockout it starts. */
  public void failed(String address, SyncDef sync) {
    long seconds = byAddress.lockMillis() / 1000;
    if (sync == null) {
      // Without a sync key that exists, a request proves nothing: it may come from anyone behind
      // the active program's address (same host, NAT or proxy), so it locks out only more such
      // requests from that address, never the sync's own peer URL.
      if (strangers.failed(address)) {
        recordLockout(null, "locked out requests with an unknown peer URL from " + address + " for " + seconds
            + " s after " + strangers.maxFailures() + " failed requests");
      }
      return;
    }
    if (byAddress.failed(address)) {
      recordLockout(sync, "locked out " + address + " for " + seconds + " s after "
          + byAddress.maxFailures() + " failed attempts");
    }
    if (bySync.failed(sync.syncKey())) {
      recordLockout(sync, "locked out every address for " + seconds + " s after "
          + bySync.maxFailures() + " failed attempts in a minute on this sync");
    }
  }

  private void recordLockout(SyncDef sync, String message) {
    if (sync == null) {
      LOG.log(Level.WARNING, "crm-sync: peer endpoint (unknown sync key): {0}", message);
    } else {
      engine.failure(sync, message); // logs it too
    }
  }

  private static final String TIME_PREFIX = "request time is ";
  /** How old the configuration may be when a locked-out stranger's key is looked up. */
  private static final long STRANGER_CONFIG_AGE_MILLIS = 5_000;

  /** The sync a peer request is for, or why it is refused. */
  public record Admission(SyncDef sync, Response refusal) {}

  /** The path key and signature headers of a peer request. */
  public record Signed(String key, String time, String nonce, String signature) {}

  /**
   * Lets a request in as far as its sync and signature headers (refused before its body is read
   * if unsigned or stale); {@code what} prefixes the reason of a refusal.
   */
  public Admission admit(String address, Signed request, String what) {
    Admission admitted = admit(address, request.key());
    if (admitted.refusal() != null) {
      return admitted;
    }
    String problem = checkHeaders(request.time(), request.nonce(), request.signature());
    return problem == null ? admitted : new Admission(null, refuse(address, admitted.sync(), what + problem));
  }

  /**
   * Null if {@code content} is signed with the sync's key and the nonce is new (it is recorded);
   * else the refusal, counted. Call after {@link #admit(String, Signed, String)} let it in.
   */
  public Response verify(String address, SyncDef sync, Signed request, byte[] content, String what)
      throws SQLException {
    String expected = Signatures.signRequest(
        sync.peerKey(), request.key(), Long.parseLong(request.time()), request.nonce(), content);
    String problem = null;
    if (!Signatures.same(expected, request.signature())) {
      problem = "wrong sync password (signature mismatch)";
    } else if (!engine.firstUse(request.nonce())) {
      problem = "replayed request";
    }
    return problem == null ? null : refuse(address, sync, what + problem);
  }

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
    // A locked-out stranger costs no database read: the configuration is taken as cached.
    boolean stranger = strangers.lockedFor(address) > 0;
    Optional<SyncDef> found =
        (stranger ? program.recentConfig(STRANGER_CONFIG_AGE_MILLIS) : program.config())
            .syncByKey(key)
            .filter(s -> s.mode() == Mode.PASSIVE && s.transport() == Transport.HTTP);
    if (found.isEmpty()) {
      return new Admission(null, stranger
          ? tooMany(strangers.lockedFor(address), "locked out requests with an unknown peer URL from " + address
              + " after " + strangers.maxFailures() + " failed requests")
          : refuse(address, null, "no passive HTTP sync with this peer URL"));
    }
    if (found.get().peerKey() == null) {
      engine.failure(found.get(), Secrets.KEY_LOST);
      return new Admission(null, ErrorMapper.json(401, "not authorized"));
    }
    return new Admission(found.get(), null);
  }

  /** The 429 answer for a locked-out address or sync, or null if the request may proceed. */
  private Response lockedOut(String address, String syncKey) {
    // Refused before anything else: a locked-out source costs no signature check, no database.
    long sync = bySync.lockedFor(syncKey);
    if (sync > 0) {
      return tooMany(sync, "this sync locked out every address after " + bySync.maxFailures()
          + " failed requests in a minute");
    }
    long one = byAddress.lockedFor(address);
    return one <= 0 ? null : tooMany(one, "locked out after " + byAddress.maxFailures()
        + " failed requests from " + address);
  }

  private static Response tooMany(long millis, String cause) {
    long wait = (millis + 999) / 1000;
    return Response.fromResponse(ErrorMapper.json(429, cause + ": try again in " + wait + " s"))
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
      return ErrorMapper.json(401, HttpClientTransport.CLOCK_SKEW + ": " + reason);
    }
    failed(address, sync);
    return ErrorMapper.json(401, "not authorized");
  }

  /** The problem with a request's signature headers (time window, nonce form), or null. */
  private static String checkHeaders(String time, String nonce, String signature) {
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

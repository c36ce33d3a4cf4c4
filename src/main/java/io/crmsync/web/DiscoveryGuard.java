package io.crmsync.web;

import io.crmsync.security.FailureLimiter;
import io.crmsync.settings.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brute-force protection of connecting by address ({@code POST /api/connect}). A failed proof
 * is a guess at the password of every passive sync at once, so besides the per-address limit of
 * the peer endpoint there is one limit for all addresses together, as high as one sync's limit
 * there: no password is guessed faster than through a known peer URL. Both limiters are apart
 * from the peer endpoint's, so a stranger's failures here never lock out a sync's exchanges (the
 * active program uses the peer URL it found, not this endpoint, once connected).
 */
@ApplicationScoped
public class DiscoveryGuard {
  private static final Logger LOG = Logger.getLogger(DiscoveryGuard.class.getName());
  static final String EVERYONE = "*";

  private FailureLimiter byAddress;
  private FailureLimiter everyone;

  @PostConstruct
  void init() {
    int perAddress = Settings.getInt(Settings.PEER_MAX_FAILURES, 10);
    int all = Settings.getInt(Settings.PEER_MAX_SYNC_FAILURES, 5 * perAddress);
    long lockMillis = Settings.getInt(Settings.PEER_LOCKOUT_SECONDS, 60) * 1000L;
    byAddress = new FailureLimiter(perAddress, lockMillis, System::currentTimeMillis);
    everyone = new FailureLimiter(all, lockMillis, System::currentTimeMillis);
  }

  /** The 429 answer while the address, or discovery as a whole, is locked out; else null. */
  Response lockedOut(String address) {
    long all = everyone.lockedFor(EVERYONE);
    if (all > 0) {
      return tooMany(all, "connecting by address is locked for every address after " + everyone.maxFailures()
          + " wrong passwords in a minute (a sync's peer URL still works)");
    }
    long one = byAddress.lockedFor(address);
    return one <= 0 ? null : tooMany(one, "locked out after " + byAddress.maxFailures()
        + " wrong passwords from " + address);
  }

  /** Counts a failed proof; logged, and a lockout it starts is logged once. */
  Response failed(String address, String reason) {
    LOG.log(Level.WARNING, "crm-sync: refused connecting by address from {0}: {1}", new Object[] {address, reason});
    if (byAddress.failed(address)) {
      LOG.log(Level.WARNING, "crm-sync: connecting by address: locked out {0} for {1} s after {2} failed attempts",
          new Object[] {address, byAddress.lockMillis() / 1000, byAddress.maxFailures()});
    }
    if (everyone.failed(EVERYONE)) {
      LOG.log(Level.WARNING, "crm-sync: connecting by address: locked for every address for {0} s after {1} failed"
          + " attempts in a minute", new Object[] {everyone.lockMillis() / 1000, everyone.maxFailures()});
    }
    return ErrorMapper.json(401, "not authorized");
  }

  private static Response tooMany(long millis, String cause) {
    long wait = (millis + 999) / 1000;
    return Response.fromResponse(ErrorMapper.json(429, cause + ": try again in " + wait + " s"))
        .header("Retry-After", Long.toString(wait))
        .build();
  }
}

package io.crmsync.web;

import io.crmsync.settings.Settings;
import io.crmsync.security.FailureLimiter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Administrator logins by HTTP Basic, for the admin API and the settings page alike: a wrong user
 * or password is logged (address, user) and counted per address; an address with too many
 * failures in a minute is refused for a while (429) before its password is even compared. A
 * request without credentials (a browser's first try) is not counted.
 */
public final class AdminLogins {
  private static final Logger LOG = Logger.getLogger(AdminLogins.class.getName());
  private static volatile FailureLimiter limiter;

  private AdminLogins() {}

  /** What a login attempt gets: in, refused (401), or refused while locked out (429, seconds to wait). */
  public record Verdict(boolean admin, long retryAfterSeconds) {
    static final Verdict ADMIN = new Verdict(true, 0);
    static final Verdict DENIED = new Verdict(false, 0);

    public boolean lockedOut() {
      return retryAfterSeconds > 0;
    }
  }

  /** Checks HTTP Basic credentials sent from {@code address}. */
  public static Verdict check(String address, String authorization) {
    FailureLimiter failures = limiter();
    long locked = failures.lockedFor(address);
    if (locked > 0) {
      return new Verdict(false, (locked + 999) / 1000);
    }
    String given = basic(authorization);
    if (given == null) {
      return Verdict.DENIED;
    }
    String user = Settings.get(Settings.ADMIN_USER, "admin");
    String password = Settings.get(Settings.ADMIN_PASSWORD).orElse(null);
    byte[] expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    if (password != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      return Verdict.ADMIN;
    }
    String tried = given.contains(":") ? given.substring(0, given.indexOf(':')) : given;
    tried = tried.replaceAll("[^\\p{L}\\p{N}._@-]", "?");
    LOG.log(Level.WARNING, "crm-sync: failed administrator login from {0} as ''{1}''",
        new Object[] {address, tried.length() > 64 ? tried.substring(0, 64) + "…" : tried});
    if (failures.failed(address)) {
      LOG.log(Level.WARNING, "crm-sync: administrator logins from {0} locked out for {1} s after {2} failures",
          new Object[] {address, failures.lockMillis() / 1000, failures.maxFailures()});
    }
    return Verdict.DENIED;
  }

  /** The decoded {@code user:password} of a Basic header, or null. */
  private static String basic(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static FailureLimiter limiter() {
    FailureLimiter l = limiter;
    if (l == null) {
      synchronized (AdminLogins.class) {
        if (limiter == null) {
          limiter = new FailureLimiter(Settings.getInt(Settings.ADMIN_MAX_FAILURES, 10),
              Settings.getInt(Settings.ADMIN_LOCKOUT_SECONDS, 60) * 1000L, System::currentTimeMillis);
        }
        l = limiter;
      }
    }
    return l;
  }
}

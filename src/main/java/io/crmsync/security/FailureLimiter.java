package io.crmsync.security;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed authentications per source (an address, a sync key) in a sliding one-minute
 * window; the failure that reaches the limit locks the source out for a while. In memory, so per
 * server process: a restart or another cluster member starts counting from zero.
 */
public final class FailureLimiter {
  static final long WINDOW_MILLIS = 60_000;
  /** Sources tracked at most; beyond, new sources go uncounted rather than exhaust memory. */
  static final int MAX_SOURCES = 10_000;

  private final int maxFailures;
  private final long lockMillis;
  private final LongSupplier clock;
  private final Map<String, Source> sources = new ConcurrentHashMap<>();

  private static final class Source {
    final ArrayDeque<Long> failures = new ArrayDeque<>();
    long lockedUntil;
  }

  public FailureLimiter(int maxFailures, long lockMillis, LongSupplier clock) {
    if (maxFailures < 1 || lockMillis < 1) {
      throw new IllegalArgumentException("the failure limit and the lockout must be positive");
    }
    this.maxFailures = maxFailures;
    this.lockMillis = lockMillis;
    this.clock = clock;
  }

  public int maxFailures() {
    return maxFailures;
  }

  public long lockMillis() {
    return lockMillis;
  }

  /** Milliseconds the source is still locked out, 0 if it is not. */
  public long lockedFor(String source) {
    Source s = sources.get(source);
    if (s == null) {
      return 0;
    }
    synchronized (s) {
      return Math.max(0, s.lockedUntil - clock.getAsLong());
    }
  }

  /** Counts a failure of the source; true if it starts a lockout (reported once per lockout). */
  public boolean failed(String source) {
    long now = clock.getAsLong();
    Source s = sources.get(source);
    if (s == null) {
      if (sources.size() >= MAX_SOURCES) {
        purge(now);
        if (sources.size() >= MAX_SOURCES) {
          return false;
        }
      }
      s = sources.computeIfAbsent(source, k -> new Source());
    }
    synchronized (s) {
      if (s.lockedUntil > now) {
        return false; // already locked: refused without being counted again
      }
      while (!s.failures.isEmpty() && s.failures.peekFirst() <= now - WINDOW_MILLIS) {
        s.failures.pollFirst();
      }
      s.failures.addLast(now);
      if (s.failures.size() < maxFailures) {
        return false;
      }
      s.failures.clear();
      s.lockedUntil = now + lockMillis;
      return true;
    }
  }

  /** Forgets sources with no recent failure and no lockout. */
  void purge(long now) {
    sources.values().removeIf(
        s -> {
          synchronized (s) {
            return s.lockedUntil <= now
                && (s.failures.isEmpty() || s.failures.peekLast() <= now - WINDOW_MILLIS);
          }
        });
  }

  int tracked() {
    return sources.size();
  }
}

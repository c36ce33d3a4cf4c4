package io.crmsync.core;

/**
 * Hybrid logical clock timestamps packed into one {@code long}: milliseconds since the epoch in the
 * high 48 bits, a logical counter in the low 16 bits. Ordering the longs orders the events.
 */
public final class Hlc {
  private static final int LOGICAL_BITS = 16;

  private Hlc() {}

  /** The timestamp of an event that happened at {@code millis} with no logical component. */
  public static long ofMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("time before the epoch: " + millis);
    }
    return millis << LOGICAL_BITS;
  }

  /** The wall-clock part of a timestamp, in milliseconds since the epoch. */
  public static long millis(long hlc) {
    return hlc >>> LOGICAL_BITS;
  }

  /**
   * The version of a field edited at {@code editMillis} after it last had version {@code previous}
   * (0 if it had none): the edit time, but always after the previous version, so that an edit made
   * after a value was received beats that value even when this program's clock is behind.
   */
  public static long next(long editMillis, long previous) {
    return Math.max(ofMillis(editMillis), previous + 1);
  }
}

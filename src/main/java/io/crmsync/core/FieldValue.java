package io.crmsync.core;

import java.util.Objects;

/**
 * One field's value as it travels: the sender's field number, the encoded value (null for SQL
 * NULL), and its version: HLC time and origin program, whether a conflict decision made it, and the
 * {@link Clock} of what it was made knowing (null: only itself); see {@link Merge}.
 */
public record FieldValue(int number, String value, long hlc, String origin, boolean decided, Clock clock) {
  public FieldValue {
    if (number <= 0) {
      throw new IllegalArgumentException("field number must be positive: " + number);
    }
    if (hlc <= 0) {
      throw new IllegalArgumentException("field " + number + " has no version");
    }
    Objects.requireNonNull(origin, "origin");
  }

  /** A value of an edit that knew nothing else. */
  public FieldValue(int number, String value, long hlc, String origin) {
    this(number, value, hlc, origin, false, null);
  }

  public Stamp stamp() {
    return new Stamp(hlc, origin, decided);
  }

  /** This value as a side of {@link Merge#decide}. */
  public Merge.Side side() {
    return new Merge.Side(ValueHash.of(value), stamp(), clock);
  }
}

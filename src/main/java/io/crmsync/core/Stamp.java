package io.crmsync.core;

import java.util.Objects;

/**
 * Who made a field's version and when: its hybrid logical clock time, the program it was made in,
 * and whether it was made by a conflict decision ({@link Merge}) rather than by an edit. Stamps are
 * ordered by time, then origin, then decided after not decided; {@link Merge} breaks the last ties
 * by the value itself.
 */
public record Stamp(long hlc, String origin, boolean decided) implements Comparable<Stamp> {
  public Stamp {
    Objects.requireNonNull(origin, "origin");
  }

  /** The stamp of an edit (not a decision). */
  public static Stamp of(long hlc, String origin) {
    return new Stamp(hlc, origin, false);
  }

  /** This stamp's entry in a {@link Clock}: the origin, with {@code *} for a decision. */
  public String key() {
    return decided ? origin + "*" : origin;
  }

  @Override
  public int compareTo(Stamp o) {
    if (hlc != o.hlc) {
      return Long.compare(hlc, o.hlc);
    }
    int byOrigin = origin.compareTo(o.origin);
    if (byOrigin != 0) {
      return byOrigin;
    }
    return Boolean.compare(decided, o.decided);
  }
}

package io.crmsync.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a version of a field was made knowing: per maker ({@link Stamp#key()}: a program id, or a
 * program id and {@code *} for the decisions made in its favour), the latest time of theirs it had
 * received, its own included. A version vector: one version has seen another when its clock reaches
 * every entry of the other's ({@link Merge#hasSeen}). Immutable.
 */
public final class Clock {
  public static final Clock EMPTY = new Clock(new TreeMap<>());

  private final TreeMap<String, Long> entries;

  private Clock(TreeMap<String, Long> entries) {
    this.entries = entries;
  }

  /** The clock of a version that knows only itself. */
  public static Clock of(Stamp s) {
    return EMPTY.with(s);
  }

  /** A clock of the given entries (keys as {@link Stamp#key()} makes them). */
  public static Clock of(Map<String, Long> entries) {
    TreeMap<String, Long> copy = new TreeMap<>();
    entries.forEach(
        (k, v) -> {
          checkKey(k);
          if (v == null || v <= 0) {
            throw new IllegalArgumentException("clock entry " + k + " has no time");
          }
          copy.put(k, v);
        });
    return new Clock(copy);
  }

  /** Latest time of {@code key} known here; 0 when none. */
  public long get(String key) {
    Long v = entries.get(key);
    return v == null ? 0 : v;
  }

  /** This clock having received the version stamped {@code s}. */
  public Clock with(Stamp s) {
    if (get(s.key()) >= s.hlc()) {
      return this;
    }
    checkKey(s.key());
    TreeMap<String, Long> copy = new TreeMap<>(entries);
    copy.put(s.key(), s.hlc());
    return new Clock(copy);
  }

  /** Everything either clock knows. */
  public Clock merge(Clock other) {
    if (other == null || other == this || dominates(other, null)) {
      return this;
    }
    if (other.dominates(this, null)) {
      return other;
    }
    TreeMap<String, Long> copy = new TreeMap<>(entries);
    other.entries.forEach((k, v) -> copy.merge(k, v, Math::max));
    return new Clock(copy);
  }

  /** Whether this clock knows the version stamped {@code s}. */
  public boolean covers(Stamp s) {
    return get(s.key()) >= s.hlc();
  }

  /** Whether this clock reaches every entry of {@code other}, leaving out {@code except}'s own. */
  public boolean dominates(Clock other, Stamp except) {
    String skip = except == null ? null : except.key();
    for (Map.Entry<String, Long> e : other.entries.entrySet()) {
      if (!e.getKey().equals(skip) && get(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** This clock without the entry of {@code s} (what a version's clock adds to its own stamp). */
  public Clock without(Stamp s) {
    if (!entries.containsKey(s.key()) || get(s.key()) != s.hlc()) {
      return this;
    }
    TreeMap<String, Long> copy = new TreeMap<>(entries);
    copy.remove(s.key());
    return new Clock(copy);
  }

  public Map<String, Long> entries() {
    return Collections.unmodifiableMap(entries);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Keys travel and are stored as text: a program id (letters, digits, '-', '_', '.') and '*'. */
  private static void checkKey(String k) {
    Objects.requireNonNull(k, "clock key");
    int end = k.endsWith("*") ? k.length() - 1 : k.length();
    if (end == 0 || end > 64) {
      throw new IllegalArgumentException("clock key of " + end + " characters");
    }
    for (int i = 0; i < end; i++) {
      char c = k.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
        throw new IllegalArgumentException("clock key with a '" + c + "': " + k);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Clock c && entries.equals(c.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}

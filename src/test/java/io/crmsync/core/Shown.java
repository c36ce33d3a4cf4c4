package io.crmsync.core;

import java.util.Map;
import java.util.stream.Collectors;

/** Versions, stamps and clocks written short for the simulation's trace. */
final class Shown {
  private Shown() {}

  static String version(SimulatedPrograms.Version v) {
    return side(v.value(), v.side()) + " from " + v.history();
  }

  /** The value, its stamp and the other entries of its clock. */
  static String side(String value, Merge.Side side) {
    return String.format(
        "'%s' %s knowing %s", value, stamp(side.stamp()), clock(side.clock().without(side.stamp())));
  }

  /** Each entry as its origin's first characters ({@code *} for decisions) and its time. */
  static String clock(Clock clock) {
    return clock.entries().entrySet().stream()
        .map(Shown::entry)
        .collect(Collectors.joining(" ", "{", "}"));
  }

  private static String entry(Map.Entry<String, Long> e) {
    String key = e.getKey();
    String who = key.substring(0, Math.min(4, key.length())) + (key.endsWith("*") ? "*" : "");
    return who + ":" + time(e.getValue());
  }

  /** Milliseconds since the simulated start, logical ticks, and the origin's first characters. */
  static String stamp(Stamp s) {
    return String.format(
        "[%s %s%s]",
        time(s.hlc()),
        s.origin().substring(0, Math.min(4, s.origin().length())),
        s.decided() ? " decided" : "");
  }

  private static String time(long hlc) {
    long logical = hlc - Hlc.ofMillis(Hlc.millis(hlc));
    return (Hlc.millis(hlc) - SimulatedPrograms.START_MILLIS)
        + "ms"
        + (logical == 0 ? "" : "+" + logical);
  }
}

package io.crmsync.db;

import io.crmsync.core.Clock;
import io.crmsync.core.Merge;
import io.crmsync.core.Stamp;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text form of a record's field versions in {@code crmsync_version.fields}: one line per
 * field, {@code column TAB hash TAB hlc TAB origin TAB viaSync} (viaSync empty when the change was
 * made here), followed, for a version made by a decision or knowing more than itself, by {@code TAB
 * decided TAB clock TAB known} ({@code decided} 1 or 0; {@code clock} the version's {@link Clock}
 * without its own entry and {@code known} what this program knows of the field, both as {@code
 * key=time,key=time}, {@code known} empty when it is the clock; see {@link Merge}), columns in name
 * order. Lines without them (all written before conflict policies) read as an edit knowing itself. A backslash, tab or line break inside a part is written as
 * {@code \\}, {@code \t} or {@code \n}. One row per record instead of one per field is what makes
 * versioning a record cost one row write, not one per synced column (benchmark, issue 5).
 */
public final class VersionCodec {
  /**
   * The version of one field of one record. It is declared here, beside the text form of
   * {@code crmsync_version}, because migration 4 writes that form too and {@code db} must not
   * reach up into {@code journal}.
   */
  public record Version(
      String hash, long hlc, String origin, Long viaSync, boolean decided, Clock clock, Clock known) {
    /**
     * Kept normalized, and cheap for the usual version that knows only itself: {@code clock} null
     * when it would hold only the version's own entry, {@code known} null when it is the clock.
     */
    public Version {
      if (clock != null || known != null) {
        Stamp s = new Stamp(hlc, origin, decided);
        Clock full = clock == null ? Clock.of(s) : clock.with(s);
        Clock k = known == null ? full : known.merge(full);
        clock = full.without(s).isEmpty() ? null : full;
        known = k.equals(full) ? null : k;
      }
    }

    /** The version of an edit that knew nothing else. */
    public Version(String hash, long hlc, String origin, Long viaSync) {
      this(hash, hlc, origin, viaSync, false, null, null);
    }

    /** A version as {@link Merge} made it, with what this program knows of the field. */
    public static Version of(Merge.Side v, Long viaSync, Clock known) {
      Stamp s = v.stamp();
      return new Version(v.hash(), s.hlc(), s.origin(), viaSync, s.decided(), v.clock(), known);
    }

    public Stamp stamp() {
      return new Stamp(hlc, origin, decided);
    }

    /** What the version was made knowing, itself included. */
    @Override
    public Clock clock() {
      return clock == null ? Clock.of(stamp()) : clock;
    }

    /** What this program knows of the field, this version included. */
    @Override
    public Clock known() {
      return known == null ? clock() : known;
    }

    /** This version as a side of {@link Merge#decide}. */
    public Merge.Side side() {
      return new Merge.Side(hash, stamp(), clock);
    }
  }

  private VersionCodec() {}

  public static String pack(Map<String, Version> versions) {
    StringBuilder out = new StringBuilder(versions.size() * 96);
    for (Map.Entry<String, Version> e : new TreeMap<>(versions).entrySet()) {
      Version v = e.getValue();
      escape(out, e.getKey());
      out.append('\t');
      escape(out, v.hash());
      out.append('\t').append(v.hlc()).append('\t');
      escape(out, v.origin());
      out.append('\t');
      if (v.viaSync() != null) {
        out.append(v.viaSync());
      }
      boolean hasClock = v.clock != null;
      boolean knowsMore = v.known != null;
      if (v.decided() || hasClock || knowsMore) {
        out.append('\t').append(v.decided() ? '1' : '0').append('\t');
        if (hasClock) {
          clock(out, v.clock.without(v.stamp()));
        }
        out.append('\t');
        if (knowsMore) {
          clock(out, v.known);
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Reads what {@link #pack} wrote; fails on anything else. */
  public static Map<String, Version> unpack(String text) {
    Map<String, Version> out = new HashMap<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\t", -1);
      if (parts.length != 5 && parts.length != 8) {
        throw new IllegalStateException(
            "crmsync_version: a line with " + parts.length + " parts, not 5 or 8");
      }
      boolean decided = parts.length == 8 && parts[5].equals("1");
      Clock clock = parts.length == 8 && !parts[6].isEmpty() ? clock(parts[6]) : null;
      Clock known = parts.length == 8 && !parts[7].isEmpty() ? clock(parts[7]) : null;
      out.put(
          unescape(parts[0]),
          new Version(
              unescape(parts[1]),
              Long.parseLong(parts[2]),
              unescape(parts[3]),
              parts[4].isEmpty() ? null : Long.valueOf(parts[4]),
              decided,
              clock,
              known));
    }
    return out;
  }

  private static void clock(StringBuilder out, Clock c) {
    boolean first = true;
    for (Map.Entry<String, Long> e : c.entries().entrySet()) {
      out.append(first ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
      first = false;
    }
  }

  private static Clock clock(String text) {
    Map<String, Long> entries = new HashMap<>();
    if (!text.isEmpty()) {
      for (String entry : text.split(",", -1)) {
        int eq = entry.lastIndexOf('=');
        if (eq <= 0) {
          throw new IllegalStateException("crmsync_version: a damaged clock: " + text);
        }
        entries.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
      }
    }
    return Clock.of(entries);
  }

  private static void escape(StringBuilder out, String s) {
    if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0) {
      out.append(s); // the usual case: names, hashes, program ids
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        default -> out.append(ch);
      }
    }
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length()) {
        char next = s.charAt(++i);
        out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }
}

package io.crmsync.db;

import io.crmsync.core.Merge;
import io.crmsync.core.Stamp;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text form of a record's field versions in {@code crmsync_version.fields}: one line per
 * field, {@code column TAB hash TAB hlc TAB origin TAB viaSync} (viaSync empty when the change was
 * made here), followed, for a version that has them, by {@code TAB decided TAB baseHlc TAB
 * baseOrigin TAB baseDecided} (decided flags as 1 or 0; see {@link Merge}), columns in name order.
 * Lines without them, written before conflict policies, read as not decided with no base. A backslash, tab or line break inside a part is written as
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
      String hash, long hlc, String origin, Long viaSync, boolean decided, Stamp base) {
    /** The version of an edit whose base is unknown. */
    public Version(String hash, long hlc, String origin, Long viaSync) {
      this(hash, hlc, origin, viaSync, false, null);
    }

    public Stamp stamp() {
      return new Stamp(hlc, origin, decided);
    }

    /** This version as a side of {@link Merge#decide}. */
    public Merge.Side side() {
      return new Merge.Side(hash, stamp(), base);
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
      if (v.decided() || v.base() != null) {
        out.append('\t').append(v.decided() ? '1' : '0').append('\t');
        if (v.base() != null) {
          out.append(v.base().hlc()).append('\t');
          escape(out, v.base().origin());
          out.append('\t').append(v.base().decided() ? '1' : '0');
        } else {
          out.append("\t\t");
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
      if (parts.length != 5 && parts.length != 9) {
        throw new IllegalStateException(
            "crmsync_version: a line with " + parts.length + " parts, not 5 or 9");
      }
      boolean decided = parts.length == 9 && parts[5].equals("1");
      Stamp base =
          parts.length == 9 && !parts[6].isEmpty()
              ? new Stamp(Long.parseLong(parts[6]), unescape(parts[7]), parts[8].equals("1"))
              : null;
      out.put(
          unescape(parts[0]),
          new Version(
              unescape(parts[1]),
              Long.parseLong(parts[2]),
              unescape(parts[3]),
              parts[4].isEmpty() ? null : Long.valueOf(parts[4]),
              decided,
              base));
    }
    return out;
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

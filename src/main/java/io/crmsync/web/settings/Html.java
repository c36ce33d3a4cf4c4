package io.crmsync.web.settings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Escaping for HTML text and attributes, and for URL query values. */
public final class Html {
  private Html() {}

  /** Text safe inside an element or a quoted attribute; null becomes "". */
  public static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A value for a URL query parameter. */
  public static String url(Object value) {
    return value == null ? "" : URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
  }

  /**
   * A UTC time of crm-sync's tables as a {@code <time>} element: the text in the server's time
   * zone, the instant in {@code datetime}, which the page's script shows again in the browser's
   * own time zone (the administrator's, not the server's); "—" for none.
   */
  static String time(Texts tx, LocalDateTime utc) {
    if (utc == null) {
      return esc(tx.dateTime(null));
    }
    return "<time data-local datetime=\"" + utc.atOffset(ZoneOffset.UTC).toInstant() + "\">" + esc(tx.dateTime(utc)) + "</time>";
  }

  /** {@code selected} / {@code checked} etc. when the condition holds. */
  static String flag(boolean on, String attribute) {
    return on ? " " + attribute : "";
  }
}

package io.crmsync.web.settings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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

  /** {@code selected} / {@code checked} etc. when the condition holds. */
  static String flag(boolean on, String attribute) {
    return on ? " " + attribute : "";
  }
}

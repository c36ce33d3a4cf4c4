package io.crmsync.transport.http;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Peer URLs: {@code <base>/crmsync/api/peer/<sync key>/exchange}. */
public final class PeerUrls {
  public static final String PATH = "api/peer/";
  private static final Pattern URL =
      Pattern.compile("^https?://[^/\\s]+(/\\S*)?/api/peer/([0-9a-f-]{36})/exchange$");

  private PeerUrls() {}

  /** The peer URL of a passive sync, given this program's base URL (ending in the context root). */
  public static String of(String base, String syncKey) {
    String b = base.endsWith("/") ? base : base + "/";
    return b + PATH + syncKey + "/exchange";
  }

  /** Whether a URL has the shape of a peer URL. */
  public static boolean isValid(String url) {
    if (url == null) {
      return false;
    }
    try {
      URI.create(url);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return URL.matcher(url.trim()).matches();
  }

  /** The sync key inside a peer URL. */
  public static String syncKeyOf(String url) {
    Matcher m = URL.matcher(url.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a crm-sync peer URL (expected http(s)://host:port/crmsync/api/peer/<key>/exchange): " + url);
    }
    return m.group(2);
  }
}

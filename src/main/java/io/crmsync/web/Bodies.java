package io.crmsync.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies with a size limit, never more than one byte past it. */
final class Bodies {
  private Bodies() {}

  /**
   * The whole body, or null as soon as it proves longer than {@code max} bytes: reading stops
   * there, so a chunked body of any length costs at most {@code max + 1} bytes of memory.
   */
  static byte[] readAtMost(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(max + 1L, 64 * 1024));
    byte[] buf = new byte[8192];
    while (true) {
      long room = max + 1L - out.size();
      int n = in.read(buf, 0, (int) Math.min(buf.length, room));
      if (n == -1) {
        return out.toByteArray();
      }
      out.write(buf, 0, n);
      if (out.size() > max) {
        return null;
      }
    }
  }

  /** Whether a Content-Length header announces more than {@code max} bytes. */
  static boolean announcedLarger(String contentLength, int max) {
    if (contentLength == null) {
      return false;
    }
    String v = contentLength.trim();
    // More digits than a long holds is larger than any int limit too.
    return v.matches("\\d+") && (v.length() > 18 || Long.parseLong(v) > max);
  }
}

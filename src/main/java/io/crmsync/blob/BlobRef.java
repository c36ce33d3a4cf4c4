package io.crmsync.blob;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A large binary value by its content: the SHA-256 of its bytes (lower-case hex) and its length.
 * Its text form {@code blob:<sha256>:<length>} stands for the value in batches, versions and the
 * change log; smaller binary values travel inline as {@code hex:<bytes>}.
 */
public record BlobRef(String sha256, long length) {
  public static final String PREFIX = "blob:";
  private static final Pattern TEXT = Pattern.compile("blob:([0-9a-f]{64}):(\\d{1,18})");

  public BlobRef {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}") || length < 0) {
      throw new IllegalArgumentException("not a blob reference: " + sha256 + ", " + length);
    }
  }

  /** The reference a value's text form stands for; empty for any other text. */
  public static Optional<BlobRef> parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      return Optional.empty();
    }
    Matcher m = TEXT.matcher(text);
    return m.matches() ? Optional.of(new BlobRef(m.group(1), Long.parseLong(m.group(2)))) : Optional.empty();
  }

  public String text() {
    return PREFIX + sha256 + ":" + length;
  }

  /** The name of this value's file in a transport folder. */
  public String fileName() {
    return "crmsync-" + sha256 + ".blob";
  }
}

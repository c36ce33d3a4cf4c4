package io.crmsync.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Short, stable hashes of encoded field values, kept instead of the values themselves. */
public final class ValueHash {
  /** One digest per thread: looking the algorithm up for every value showed in profiles. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
          });

  private ValueHash() {}

  /** The hash of an encoded value; {@code null} (SQL NULL) has its own hash. */
  public static String of(String encoded) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    byte[] digest =
        encoded == null
            ? sha.digest(new byte[] {0})
            : sha.digest(("v" + encoded).getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
  }
}

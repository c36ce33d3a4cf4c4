package io.crmsync.security;

import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Derives a sync's key from its password with PBKDF2 (HMAC-SHA256), salted with the sync's public
 * key so that both sides derive the same key and no two syncs share one.
 */
public final class PeerKeys {
  static final int ITERATIONS = 120_000;

  private PeerKeys() {}

  /** The Base64 key for a password and a sync key. */
  public static String derive(String password, String syncKey) {
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("password is required");
    }
    try {
      PBEKeySpec spec =
          new PBEKeySpec(
              password.toCharArray(),
              ("crmsync:" + syncKey).getBytes(java.nio.charset.StandardCharsets.UTF_8),
              ITERATIONS,
              256);
      byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      spec.clearPassword();
      return Base64.getEncoder().encodeToString(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    }
  }
}

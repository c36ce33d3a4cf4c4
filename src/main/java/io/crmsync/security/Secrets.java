package io.crmsync.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets stored in the CRM database (the key an active sync keeps for its peer) with
 * AES-256-GCM under the server's master key ({@link MasterKey}). Stored text: {@code "enc1:" +
 * Base64(iv | ciphertext+tag)}. Text without the prefix is an older clear value and is returned as
 * is, so databases written before encryption keep working (and get encrypted on the next save).
 */
public final class Secrets {
  public static final String PREFIX = "enc1:";

  /** What a sync shows when its stored secret does not decrypt here. */
  public static final String KEY_LOST =
      "this sync's stored key cannot be decrypted with this server's master key"
          + " (crmsync.secret.key): configure the key it was saved with, or enter the sync password again";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  // Binds the ciphertext to its purpose: an "enc1:" value from elsewhere does not decrypt here.
  private static final byte[] AAD = "crmsync-secret-v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static volatile Secrets server;

  private final SecretKeySpec key;

  /** Secrets under a 32-byte (AES-256) master key. */
  public Secrets(byte[] masterKey) {
    if (masterKey == null || masterKey.length != 32) {
      throw new IllegalArgumentException("the master key must be 32 bytes (AES-256)");
    }
    this.key = new SecretKeySpec(masterKey.clone(), "AES");
  }

  /** The secrets of this server: master key from configuration or its key file, loaded once. */
  public static Secrets server() {
    Secrets s = server;
    if (s == null) {
      synchronized (Secrets.class) {
        s = server;
        if (s == null) {
          s = new Secrets(MasterKey.load());
          server = s;
        }
      }
    }
    return s;
  }

  /** Whether a stored value is encrypted (else it is an older clear value). */
  public static boolean isEncrypted(String stored) {
    return stored != null && stored.startsWith(PREFIX);
  }

  public String encrypt(byte[] plain) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(AAD);
      byte[] sealed = c.doFinal(plain);
      byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from this JVM", e);
    }
  }

  /**
   * The plain bytes of an {@code enc1:} value.
   *
   * @throws IllegalArgumentException if it is not one, or was not encrypted with this master key
   */
  public byte[] decrypt(String stored) {
    if (!isEncrypted(stored)) {
      throw new IllegalArgumentException("not an encrypted value");
    }
    byte[] all;
    try {
      all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("encrypted value is not Base64", e);
    }
    if (all.length < IV_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("encrypted value is too short");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
      c.updateAAD(AAD);
      return c.doFinal(all, IV_BYTES, all.length - IV_BYTES);
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException(
          "encrypted value does not decrypt with this server's master key ("
              + MasterKey.KEY + ")", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from this JVM", e);
    }
  }

  /**
   * The stored form of a Base64 peer key. The raw 32 bytes are encrypted, not their Base64 text,
   * so the result (85 characters) fits the existing {@code peer_key VARCHAR(100)} column.
   */
  public String sealKey(String base64Key) {
    if (base64Key == null) {
      return null;
    }
    byte[] raw = Base64.getDecoder().decode(base64Key);
    try {
      return encrypt(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** The Base64 peer key of a stored value: decrypted, or as is if stored in clear. */
  public String openKey(String stored) {
    if (stored == null || !isEncrypted(stored)) {
      return stored;
    }
    return Base64.getEncoder().encodeToString(decrypt(stored));
  }
}

package io.crmsync.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * End-to-end sealing of what travels or rests outside the two programs of a sync (exchange
 * bodies, batch and ack files): AES-256-GCM under a key that only those two programs derive,
 * HKDF-SHA256 (RFC 5869) over the key they already share, apart from the signing key. Every
 * message gets a fresh random nonce; the context (what the message is and where it belongs) is
 * bound as associated data, so a message moved to another place does not open.
 *
 * <p>Format of a sealed message, version 1: the 4 bytes {@code CSS1}, the 12-byte nonce, then the
 * ciphertext with its 16-byte tag. An observer sees its length and time, nothing else.
 *
 * <p>For the benchmark alone, a program started with {@code -Dcrmsync.bench.unsealed=true} writes
 * messages unsealed ({@code CSU1} and the plain bytes) to measure what sealing costs. It is a JVM
 * flag, never a setting of the configuration or the admin API; such a program says so in its log at
 * every start, and it and a sealing program refuse each other's messages, so a pair runs unsealed
 * only when both of its programs were started that way.
 */
public final class Seal {
  /** The first bytes of a sealed message: the format and its version. */
  public static final byte[] MAGIC = "CSS1".getBytes(StandardCharsets.US_ASCII);
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  private static final byte[] SALT = "crmsync-seal-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INFO = "crmsync seal key".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The JVM flag of the benchmark's unsealed runs (see the class comment). */
  public static final String UNSEALED_FLAG = "crmsync.bench.unsealed";
  /** The first bytes of an unsealed message of a benchmark run. */
  static final byte[] UNSEALED_MAGIC = "CSU1".getBytes(StandardCharsets.US_ASCII);
  private static final boolean UNSEALED = Boolean.getBoolean(UNSEALED_FLAG);

  private final SecretKeySpec key;
  private final boolean unsealed;

  private Seal(byte[] key, boolean unsealed) {
    this.key = new SecretKeySpec(key, "AES");
    this.unsealed = unsealed;
  }

  /** The sealing key of a sync, from the Base64 key both its programs hold. */
  public static Seal of(String sharedKey) {
    return of(sharedKey, UNSEALED);
  }

  /** As {@link #of(String)}; {@code unsealed}: as a program of the benchmark's unsealed runs. */
  static Seal of(String sharedKey, boolean unsealed) {
    return new Seal(hkdf(SALT, Base64.getDecoder().decode(sharedKey), INFO, 32), unsealed);
  }

  /** Whether this program was started for the benchmark's unsealed runs. */
  public static boolean unsealedForMeasurement() {
    return UNSEALED;
  }

  /** A message that does not open: damaged, cut, sealed with another key, or for another place. */
  public static final class OpenException extends Exception {
    public OpenException(String message) {
      super(message);
    }
  }

  /** Whether {@code message} starts as a sealed message does (else: a peer of an older version). */
  public static boolean isSealed(byte[] message) {
    return startsWith(message, MAGIC);
  }

  /** Whether {@code message} is in this version's format, sealed or (benchmark runs) unsealed. */
  public static boolean isCurrentFormat(byte[] message) {
    return isSealed(message) || startsWith(message, UNSEALED_MAGIC);
  }

  private static boolean startsWith(byte[] message, byte[] magic) {
    return message.length >= magic.length && Arrays.equals(message, 0, magic.length, magic, 0, magic.length);
  }

  public byte[] seal(byte[] plain, String context) {
    if (unsealed) {
      return ByteBuffer.allocate(UNSEALED_MAGIC.length + plain.length).put(UNSEALED_MAGIC).put(plain).array();
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, context, plain, 0, plain.length);
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + NONCE_BYTES + sealed.length);
    return out.put(MAGIC).put(nonce).put(sealed).array();
  }

  public byte[] open(byte[] message, String context) throws OpenException {
    boolean clear = startsWith(message, UNSEALED_MAGIC);
    if (clear && !unsealed) {
      throw new OpenException("sent unsealed by a program started with -D" + UNSEALED_FLAG
          + "=true (for benchmark measurements only): start the other program without it");
    }
    if (unsealed) {
      if (clear) {
        return Arrays.copyOfRange(message, UNSEALED_MAGIC.length, message.length);
      }
      throw new OpenException("this program runs unsealed (-D" + UNSEALED_FLAG
          + "=true, for benchmark measurements only) and the other program seals: start this program without it");
    }
    if (!isSealed(message)) {
      throw new OpenException("not sealed: the other program sends the old clear format (update the other program)");
    }
    int head = MAGIC.length + NONCE_BYTES;
    if (message.length < head + TAG_BITS / 8) {
      throw new OpenException("sealed message cut short");
    }
    byte[] nonce = Arrays.copyOfRange(message, MAGIC.length, head);
    try {
      return crypt(Cipher.DECRYPT_MODE, nonce, context, message, head, message.length - head);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof AEADBadTagException) {
        throw new OpenException("sealed message does not open: damaged, or sealed for another sync or place");
      }
      throw e;
    }
  }

  /** AES-GCM of one chunk or message, the context as associated data. */
  byte[] crypt(int mode, byte[] nonce, String context, byte[] in, int offset, int length) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(in, offset, length);
    } catch (AEADBadTagException e) {
      throw new IllegalStateException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is missing from this JVM", e);
    }
  }

  /** HKDF-SHA256 (RFC 5869): extract with {@code salt}, expand with {@code info} to {@code length} bytes. */
  static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] out = new byte[length];
      byte[] t = new byte[0];
      for (int done = 0, i = 1; done < length; i++) {
        mac.update(t);
        mac.update(info);
        mac.update((byte) i);
        t = mac.doFinal();
        int n = Math.min(t.length, length - done);
        System.arraycopy(t, 0, out, done, n);
        done += n;
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}

package io.crmsync.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of exchanges. A request signs the sync key, its time, a random nonce and
 * the SHA-256 of its body; the response signs the request's nonce and its own body, so each side
 * knows the other holds the key.
 */
public final class Signatures {
  public static final String TIME = "X-CrmSync-Time";
  public static final String NONCE = "X-CrmSync-Nonce";
  public static final String SIGNATURE = "X-CrmSync-Signature";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Signatures() {}

  public static String newNonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public static String signRequest(String key, String syncKey, long time, String nonce, byte[] body) {
    return hmac(key, "crmsync-request\n" + syncKey + "\n" + time + "\n" + nonce + "\n" + sha256(body));
  }

  public static String signResponse(String key, String syncKey, String nonce, byte[] body) {
    return hmac(key, "crmsync-response\n" + syncKey + "\n" + nonce + "\n" + sha256(body));
  }

  /** Signs a batch or ack file of a folder transport: its kind, sequence number and content. */
  public static String signFile(String key, String kind, long seq, byte[] content) {
    return hmac(key, "crmsync-file\n" + kind + "\n" + seq + "\n" + sha256(content));
  }

  /**
   * Proves knowledge of a sync password to the passive program whose id is {@code programId}
   * without sending it (see {@link Discovery}): signed with the key derived for that program.
   */
  public static String signDiscovery(String discoveryKey, String programId, long time, String nonce) {
    return hmac(discoveryKey, "crmsync-discover\n" + programId + "\n" + time + "\n" + nonce);
  }

  /** The passive program's answer to a discovery: the sync key found, bound to the request's nonce. */
  public static String signDiscoveryAnswer(String discoveryKey, String nonce, String syncKey) {
    return hmac(discoveryKey, "crmsync-discover-answer\n" + nonce + "\n" + syncKey);
  }

  /** Compares signatures in constant time. */
  public static boolean same(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
  }

  static String sha256(byte[] body) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hmac(String key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

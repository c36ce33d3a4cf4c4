package io.crmsync.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignaturesTest {
  private static final String SYNC = "0f8fad5b-d9cb-469f-a165-70867728950e";
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String OTHER_KEY = Base64.getEncoder().encodeToString(filled(32, 1));
  private static final byte[] BODY = "{\"v\":1,\"name\":\"Иванов\"}".getBytes(StandardCharsets.UTF_8);
  private static final long TIME = 1_732_000_000_000L;
  private static final String NONCE = "00112233445566778899aabbccddeeff";

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  @Test
  void requestSignedWithTheSameKeyVerifies() {
    String sent = Signatures.signRequest(KEY, SYNC, TIME, NONCE, BODY);
    String expected = Signatures.signRequest(KEY, SYNC, TIME, NONCE, BODY.clone());
    assertThat(Signatures.same(expected, sent)).isTrue();
  }

  @Test
  void responseSignedWithTheSameKeyVerifies() {
    String sent = Signatures.signResponse(KEY, SYNC, NONCE, BODY);
    assertThat(Signatures.same(Signatures.signResponse(KEY, SYNC, NONCE, BODY.clone()), sent)).isTrue();
  }

  @Test
  void requestSignatureChangesWithEveryInput() {
    String base = Signatures.signRequest(KEY, SYNC, TIME, NONCE, BODY);
    byte[] tampered = BODY.clone();
    tampered[tampered.length - 2] ^= 1;
    Set<String> all = new HashSet<>();
    all.add(base);
    all.add(Signatures.signRequest(KEY, SYNC, TIME, NONCE, tampered));
    all.add(Signatures.signRequest(KEY, SYNC, TIME + 1, NONCE, BODY));
    all.add(Signatures.signRequest(KEY, SYNC, TIME, NONCE.replace('0', '1'), BODY));
    all.add(Signatures.signRequest(OTHER_KEY, SYNC, TIME, NONCE, BODY));
    all.add(Signatures.signRequest(KEY, "7c9e6679-7425-40de-944b-e07fc1f90ae7", TIME, NONCE, BODY));
    all.add(Signatures.signRequest(KEY, SYNC, TIME, NONCE, new byte[0]));
    assertThat(all).hasSize(7);
  }

  @Test
  void responseSignatureChangesWithEveryInput() {
    String base = Signatures.signResponse(KEY, SYNC, NONCE, BODY);
    byte[] tampered = BODY.clone();
    tampered[0] ^= 1;
    assertThat(Signatures.signResponse(KEY, SYNC, NONCE, tampered)).isNotEqualTo(base);
    assertThat(Signatures.signResponse(KEY, SYNC, "ff" + NONCE.substring(2), BODY)).isNotEqualTo(base);
    assertThat(Signatures.signResponse(OTHER_KEY, SYNC, NONCE, BODY)).isNotEqualTo(base);
  }

  @Test
  void responseSignatureCannotStandInForARequestSignature() {
    assertThat(Signatures.signResponse(KEY, SYNC, NONCE, BODY))
        .isNotEqualTo(Signatures.signRequest(KEY, SYNC, TIME, NONCE, BODY));
  }

  @Test
  void signaturesWithDerivedKeysVerifyOnlyWithTheSamePassword() {
    String sideA = PeerKeys.derive("pass", SYNC);
    String sideB = PeerKeys.derive("pass", SYNC);
    String wrong = PeerKeys.derive("pas", SYNC);
    String sent = Signatures.signRequest(sideA, SYNC, TIME, NONCE, BODY);
    assertThat(Signatures.same(Signatures.signRequest(sideB, SYNC, TIME, NONCE, BODY), sent)).isTrue();
    assertThat(Signatures.same(Signatures.signRequest(wrong, SYNC, TIME, NONCE, BODY), sent)).isFalse();
  }

  @Test
  void sameIsFalseForNullsAndDifferences() {
    assertThat(Signatures.same(null, null)).isFalse();
    assertThat(Signatures.same("abc", null)).isFalse();
    assertThat(Signatures.same(null, "abc")).isFalse();
    assertThat(Signatures.same("abc", "abd")).isFalse();
    assertThat(Signatures.same("abc", "abcd")).isFalse();
    assertThat(Signatures.same("abc", "abc")).isTrue();
  }

  @Test
  void noncesAreFreshHex() {
    Set<String> nonces = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      nonces.add(Signatures.newNonce());
    }
    assertThat(nonces).hasSize(100).allMatch(n -> n.matches("[0-9a-f]{32}"));
  }
}

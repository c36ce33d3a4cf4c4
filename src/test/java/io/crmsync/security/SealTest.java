package io.crmsync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SealTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String OTHER_KEY = PeerKeys.derive("another password", "folder-transport");

  @Test
  void hkdfMatchesRfc5869TestCase1() {
    byte[] okm = Seal.hkdf(HEX.parseHex("000102030405060708090a0b0c"), HEX.parseHex("0b".repeat(22)),
        HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
    assertThat(HEX.formatHex(okm)).isEqualTo(
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void hkdfMatchesRfc5869TestCase3WithoutSaltAndInfo() {
    byte[] okm = Seal.hkdf(new byte[0], HEX.parseHex("0b".repeat(22)), new byte[0], 42);
    assertThat(HEX.formatHex(okm)).isEqualTo(
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }

  @Test
  void theSealingKeyIsAFixedFunctionOfTheSharedKeyAndNotTheSharedKeyItself() {
    byte[] sealKey = Seal.hkdf("crmsync-seal-v1".getBytes(StandardCharsets.US_ASCII), new byte[32],
        "crmsync seal key".getBytes(StandardCharsets.US_ASCII), 32);
    assertThat(sealKey).isNotEqualTo(new byte[32]).hasSize(32);
    // Pinned: both programs of a sync, whatever their version, must derive the same key.
    assertThat(HEX.formatHex(sealKey)).isEqualTo(PINNED_SEAL_KEY);
  }

  static final String PINNED_SEAL_KEY = "2c1048093c49e4d21ae61273958e166a01101e080a5f627e129d9a3731c4f7e9";

  @Test
  void aSealedMessageOpensOnlyWithTheSameKeyAndContext() throws Exception {
    byte[] plain = "{\"records\":[\"ООО «Ромашка»\"]}".getBytes(StandardCharsets.UTF_8);
    Seal seal = Seal.of(KEY);
    byte[] sealed = seal.seal(plain, "batch 7");
    assertThat(Seal.isSealed(sealed)).isTrue();
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("records");
    assertThat(seal.open(sealed, "batch 7")).isEqualTo(plain);
    assertThat(seal.seal(plain, "batch 7")).as("a fresh nonce every time").isNotEqualTo(sealed);
    assertThatThrownBy(() -> seal.open(sealed, "batch 8")).isInstanceOf(Seal.OpenException.class);
    assertThatThrownBy(() -> Seal.of(OTHER_KEY).open(sealed, "batch 7")).isInstanceOf(Seal.OpenException.class);
  }

  @Test
  void aFlippedBitOrACutMessageDoesNotOpen() {
    Seal seal = Seal.of(KEY);
    byte[] sealed = seal.seal(new byte[1000], "request");
    for (int i = Seal.MAGIC.length; i < sealed.length; i += 97) {
      byte[] flipped = sealed.clone();
      flipped[i] ^= 1;
      assertThatThrownBy(() -> seal.open(flipped, "request")).as("bit flipped at " + i)
          .isInstanceOf(Seal.OpenException.class);
    }
    assertThatThrownBy(() -> seal.open(Arrays.copyOf(sealed, sealed.length - 1), "request"))
        .isInstanceOf(Seal.OpenException.class);
    assertThatThrownBy(() -> seal.open(Arrays.copyOf(sealed, 10), "request"))
        .isInstanceOf(Seal.OpenException.class).hasMessageContaining("cut short");
  }

  @Test
  void aClearBatchOfAnOlderVersionIsRecognised() {
    assertThatThrownBy(() -> Seal.of(KEY).open("{\"from\":\"x\"}".getBytes(StandardCharsets.UTF_8), "request"))
        .isInstanceOf(Seal.OpenException.class).hasMessageContaining("update the other program");
  }

  @Test
  void aProgramOfTheBenchmarksUnsealedRunsAndASealingProgramRefuseEachOther() throws Exception {
    byte[] plain = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);
    Seal unsealed = Seal.of(KEY, true);
    Seal sealing = Seal.of(KEY, false);
    byte[] clear = unsealed.seal(plain, "batch 7");
    assertThat(new String(clear, StandardCharsets.US_ASCII)).startsWith("CSU1").endsWith("{\"records\":[]}");
    assertThat(Seal.isCurrentFormat(clear)).isTrue();
    assertThat(Seal.isSealed(clear)).isFalse();
    assertThat(unsealed.open(clear, "batch 7")).isEqualTo(plain);
    assertThatThrownBy(() -> sealing.open(clear, "batch 7")).isInstanceOf(Seal.OpenException.class)
        .hasMessageContaining("start the other program without it").hasMessageContaining(Seal.UNSEALED_FLAG);
    assertThatThrownBy(() -> unsealed.open(sealing.seal(plain, "batch 7"), "batch 7"))
        .isInstanceOf(Seal.OpenException.class).hasMessageContaining("start this program without it");
    assertThatThrownBy(() -> unsealed.open(plain, "batch 7")).isInstanceOf(Seal.OpenException.class);
  }

  @Test
  void programsSealUnlessStartedWithTheBenchmarksFlag() {
    assertThat(Boolean.getBoolean(Seal.UNSEALED_FLAG)).as("the flag in this test JVM").isFalse();
    assertThat(Seal.unsealedForMeasurement()).isFalse();
    assertThat(Seal.isSealed(Seal.of(KEY).seal(new byte[10], "x"))).isTrue();
  }

  @Test
  void aLargeValueStreamsSealedAndOpensWhole() throws IOException {
    byte[] value = random(3 * SealedStream.CHUNK + 123);
    byte[] sealed = sealStream(value, "blob:abc:1");
    assertThat(indexOf(sealed, Arrays.copyOfRange(value, 1000, 1032))).isNegative();
    assertThat(sealed).hasSize((int) SealedStream.sealedLength(value.length));
    assertThat(openStream(sealed, "blob:abc:1")).isEqualTo(value);
    assertThat(openPushed(sealed, "blob:abc:1", 7000)).isEqualTo(value);
    assertThat(openPushed(sealed, "blob:abc:1", 1)).isEqualTo(value);
    assertThat(openStream(sealStream(new byte[0], "blob:e:0"), "blob:e:0")).isEmpty();
    assertThat(openStream(sealStream(random(SealedStream.CHUNK), "v"), "v")).hasSize(SealedStream.CHUNK);
  }

  @Test
  void aCutSwappedFlippedOrForeignChunkIsRefused() throws IOException {
    byte[] value = random(3 * SealedStream.CHUNK);
    byte[] sealed = sealStream(value, "blob:abc:1");
    int chunk = 4 + SealedStream.CHUNK + 16;
    int head = 12;
    byte[] cut = Arrays.copyOf(sealed, head + 2 * chunk); // two whole chunks, no last one
    assertThatThrownBy(() -> openStream(cut, "blob:abc:1")).isInstanceOf(IOException.class).hasMessageContaining("cut short");
    assertThatThrownBy(() -> openPushed(cut, "blob:abc:1", 4096)).isInstanceOf(IOException.class).hasMessageContaining("cut short");
    assertThatThrownBy(() -> openPushed(Arrays.copyOf(sealed, sealed.length - 1), "blob:abc:1", 4096))
        .isInstanceOf(IOException.class).hasMessageContaining("cut short");
    byte[] swapped = sealed.clone();
    System.arraycopy(sealed, head, swapped, head + chunk, chunk);
    System.arraycopy(sealed, head + chunk, swapped, head, chunk);
    assertThatThrownBy(() -> openStream(swapped, "blob:abc:1")).isInstanceOf(IOException.class).hasMessageContaining("chunk 0");
    byte[] flipped = sealed.clone();
    flipped[head + chunk + 100] ^= 1;
    assertThatThrownBy(() -> openStream(flipped, "blob:abc:1")).isInstanceOf(IOException.class).hasMessageContaining("chunk 1");
    assertThatThrownBy(() -> openPushed(flipped, "blob:abc:1", 4096)).isInstanceOf(IOException.class).hasMessageContaining("chunk 1");
    assertThatThrownBy(() -> openStream(sealed, "blob:other:1")).isInstanceOf(IOException.class);
    byte[] unmarked = sealed.clone(); // the last chunk's mark removed: it no longer opens as the last
    int lastAt = head + 2 * chunk; // the third chunk, full, is the last
    ByteBuffer.wrap(unmarked, lastAt, 4).putInt(ByteBuffer.wrap(sealed, lastAt, 4).getInt() & 0x7fff_ffff);
    assertThatThrownBy(() -> openStream(unmarked, "blob:abc:1")).isInstanceOf(IOException.class);
  }

  private static byte[] sealStream(byte[] value, String context) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream s = SealedStream.sealing(Seal.of(KEY), context, new ByteArrayInputStream(value))) {
      byte[] b = new byte[5000];
      for (int n; (n = s.read(b, 0, b.length)) >= 0; ) {
        out.write(b, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static byte[] openStream(byte[] sealed, String context) throws IOException {
    try (InputStream in = SealedStream.opening(Seal.of(KEY), context, new ByteArrayInputStream(sealed))) {
      return in.readAllBytes();
    }
  }

  private static byte[] openPushed(byte[] sealed, String context, int piece) throws IOException {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try (OutputStream out = SealedStream.openingTo(Seal.of(KEY), context, plain)) {
      for (int i = 0; i < sealed.length; i += piece) {
        out.write(sealed, i, Math.min(piece, sealed.length - i));
      }
    }
    return plain.toByteArray();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    return b;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

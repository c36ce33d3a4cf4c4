package io.crmsync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  private static final byte[] MASTER = new byte[32];
  private static final byte[] OTHER_MASTER = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      MASTER[i] = (byte) i;
      OTHER_MASTER[i] = (byte) (100 + i);
    }
  }

  private final Secrets secrets = new Secrets(MASTER);
  private final String peerKey = PeerKeys.derive("it-sync-Secret-1", "0f8fad5b-d9cb-469f-a165-70867728950e");

  @Test
  void sealedPeerKeyOpensToTheSameKeyAndDoesNotContainIt() {
    String stored = secrets.sealKey(peerKey);
    assertThat(stored).startsWith("enc1:").doesNotContain(peerKey);
    assertThat(secrets.openKey(stored)).isEqualTo(peerKey);
  }

  @Test
  void sealedPeerKeyFitsTheExistingColumn() {
    // crmsync_sync.peer_key is VARCHAR(100) since migration 1.
    assertThat(secrets.sealKey(peerKey)).hasSizeLessThanOrEqualTo(100);
  }

  @Test
  void sameKeySealedTwiceGivesDifferentText() {
    assertThat(secrets.sealKey(peerKey)).isNotEqualTo(secrets.sealKey(peerKey));
  }

  @Test
  void clearValueFromBeforeEncryptionIsReadAsIs() {
    assertThat(Secrets.isEncrypted(peerKey)).isFalse();
    assertThat(secrets.openKey(peerKey)).isEqualTo(peerKey);
    assertThat(secrets.openKey(null)).isNull();
  }

  @Test
  void anotherMasterKeyCannotDecrypt() {
    String stored = secrets.sealKey(peerKey);
    assertThatThrownBy(() -> new Secrets(OTHER_MASTER).openKey(stored))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crmsync.secret.key");
  }

  @Test
  void tamperedCiphertextIsRefused() {
    String stored = secrets.encrypt("secret".getBytes(StandardCharsets.UTF_8));
    byte[] raw = Base64.getDecoder().decode(stored.substring(5));
    raw[raw.length - 1] ^= 1;
    String tampered = "enc1:" + Base64.getEncoder().encodeToString(raw);
    assertThatThrownBy(() -> secrets.decrypt(tampered)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> secrets.decrypt("enc1:AAAA")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> secrets.decrypt("enc1:not base64!")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void masterKeyMustBe32Bytes() {
    assertThatThrownBy(() -> new Secrets(new byte[16])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingKeyFileIsGeneratedOnceOwnerOnlyAndThenReused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/secret.key");
    byte[] first = MasterKey.fromFile(file);
    assertThat(first).hasSize(32);
    assertThat(MasterKey.fromFile(file)).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var left = Files.list(file.getParent())) {
      assertThat(left).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void keyFileOfTheWrongLengthIsRefusedWithItsName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secret.key");
    Files.writeString(file, Base64.getEncoder().encodeToString(new byte[10]));
    assertThatThrownBy(() -> MasterKey.fromFile(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString());
  }
}

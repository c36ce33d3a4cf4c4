package io.crmsync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PeerKeysTest {
  private static final String SYNC = "0f8fad5b-d9cb-469f-a165-70867728950e";
  private static final String OTHER_SYNC = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

  @Test
  void bothSidesDeriveTheSameKeyFromTheSamePasswordAndSync() {
    assertThat(PeerKeys.derive("секрет-1", SYNC)).isEqualTo(PeerKeys.derive("секрет-1", SYNC));
  }

  @Test
  void keyIs256BitsOfBase64AndNotThePassword() {
    String key = PeerKeys.derive("secret", SYNC);
    assertThat(Base64.getDecoder().decode(key)).hasSize(32);
    assertThat(key).doesNotContain("secret");
  }

  @Test
  void otherPasswordOrOtherSyncGivesAnotherKey() {
    String key = PeerKeys.derive("secret", SYNC);
    assertThat(PeerKeys.derive("secreT", SYNC)).isNotEqualTo(key);
    assertThat(PeerKeys.derive("secret", OTHER_SYNC)).isNotEqualTo(key);
  }

  @Test
  void emptyPasswordIsRefused() {
    assertThatThrownBy(() -> PeerKeys.derive("", SYNC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password");
    assertThatThrownBy(() -> PeerKeys.derive(null, SYNC))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

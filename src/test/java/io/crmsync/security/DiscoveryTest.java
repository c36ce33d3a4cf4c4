package io.crmsync.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private static final String PROGRAM = "2ed6b153-0000-4000-8000-000000000001";

  @Test
  void aProofMadeWithThePasswordMatchesOnlyTheSameProgramPasswordTimeAndNonce() {
    String key = Discovery.key("branch-1-Secret", PROGRAM);
    String proof = Signatures.signDiscovery(key, PROGRAM, 1_000L, "00112233445566778899aabbccddeeff");
    assertThat(Signatures.same(proof, Signatures.signDiscovery(
        Discovery.key("branch-1-Secret", PROGRAM), PROGRAM, 1_000L, "00112233445566778899aabbccddeeff"))).isTrue();
    assertThat(proof).isNotEqualTo(Signatures.signDiscovery(
        Discovery.key("branch-2-Secret", PROGRAM), PROGRAM, 1_000L, "00112233445566778899aabbccddeeff"));
    assertThat(proof).isNotEqualTo(Signatures.signDiscovery(key, PROGRAM, 1_001L, "00112233445566778899aabbccddeeff"));
    assertThat(proof).isNotEqualTo(Signatures.signDiscovery(key, PROGRAM, 1_000L, "ffeeddccbbaa99887766554433221100"));
  }

  @Test
  void theDiscoveryKeyDiffersByProgramAndFromTheSyncsOwnKey() {
    String key = Discovery.key("branch-1-Secret", PROGRAM);
    assertThat(key).isNotEqualTo(Discovery.key("branch-1-Secret", "2ed6b153-0000-4000-8000-000000000002"));
    assertThat(key).isNotEqualTo(PeerKeys.derive("branch-1-Secret", PROGRAM));
  }

  @Test
  void theAnswerIsBoundToTheRequestsNonce() {
    String key = Discovery.key("branch-1-Secret", PROGRAM);
    String sync = "6f1c2d3e-0000-4000-8000-000000000001";
    assertThat(Signatures.signDiscoveryAnswer(key, "00112233445566778899aabbccddeeff", sync))
        .isNotEqualTo(Signatures.signDiscoveryAnswer(key, "ffeeddccbbaa99887766554433221100", sync));
  }
}

package io.crmsync.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerDiscoveryTest {

  @Test
  void aProgramsAddressIsTheBaseWithOrWithoutTheContextRootButNotAPeerUrl() {
    assertThat(PeerDiscovery.isAddress("https://crm.example.com")).isTrue();
    assertThat(PeerDiscovery.isAddress(" https://crm.example.com:8443/crmsync/ ")).isTrue();
    assertThat(PeerDiscovery.isAddress("http://127.0.0.1:8082")).isTrue();
    assertThat(PeerDiscovery.isAddress(
        "http://b:8082/crmsync/api/peer/6f1c2d3e-0000-4000-8000-000000000001/exchange")).isFalse();
    assertThat(PeerDiscovery.isAddress("crm.example.com")).isFalse();
    assertThat(PeerDiscovery.isAddress("ftp://crm.example.com")).isFalse();
    assertThat(PeerDiscovery.isAddress("https://user:pw@crm.example.com")).isFalse();
    assertThat(PeerDiscovery.isAddress("https://crm.example.com/?q=1")).isFalse();
    assertThat(PeerDiscovery.isAddress(null)).isFalse();
  }

  @Test
  void theContextRootIsTriedFirstUnlessTheAddressAlreadyEndsInIt() {
    assertThat(PeerDiscovery.bases("https://crm.example.com"))
        .containsExactly("https://crm.example.com/crmsync/", "https://crm.example.com/");
    assertThat(PeerDiscovery.bases("https://crm.example.com/crmsync//")).containsExactly("https://crm.example.com/crmsync/");
    assertThat(PeerDiscovery.bases("https://crm.example.com/apps"))
        .containsExactly("https://crm.example.com/apps/crmsync/", "https://crm.example.com/apps/");
  }

  @Test
  void noProgramAtAnAddressSaysSoAndWhatWasTried() {
    PeerDiscovery.DiscoveryException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        PeerDiscovery.DiscoveryException.class, () -> PeerDiscovery.hello("http://127.0.0.1:1"));
    assertThat(e.problem()).isEqualTo(PeerDiscovery.Problem.UNREACHABLE);
    assertThat(e.getMessage()).startsWith("no crm-sync program answers at http://127.0.0.1:1 (")
        .contains("http://127.0.0.1:1/crmsync/api/connect", "check the address");
  }
}

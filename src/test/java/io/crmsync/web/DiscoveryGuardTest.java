package io.crmsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiscoveryGuardTest {

  @Test
  void tenWrongPasswordsFromOneAddressLockOutThatAddressOnly() {
    DiscoveryGuard guard = new DiscoveryGuard();
    guard.init();
    for (int i = 0; i < 9; i++) {
      assertThat(guard.failed("10.0.0.7", "wrong").getStatus()).isEqualTo(401);
      assertThat(guard.lockedOut("10.0.0.7")).isNull();
    }
    guard.failed("10.0.0.7", "wrong");
    assertThat(guard.lockedOut("10.0.0.7").getStatus()).isEqualTo(429);
    assertThat(guard.lockedOut("10.0.0.7").getHeaderString("Retry-After")).isEqualTo("60");
    assertThat(guard.lockedOut("10.0.0.8")).isNull();
  }

  @Test
  void fiftyWrongPasswordsFromManyAddressesLockConnectingByAddressForEveryone() {
    DiscoveryGuard guard = new DiscoveryGuard();
    guard.init();
    for (int i = 0; i < 50; i++) {
      guard.failed("10.0.1." + i, "wrong");
    }
    assertThat(guard.lockedOut("10.0.2.1").getStatus()).isEqualTo(429);
    assertThat(guard.lockedOut("10.0.2.1").getEntity().toString()).contains("a sync's peer URL still works");
  }
}

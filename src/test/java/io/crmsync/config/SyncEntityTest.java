package io.crmsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncEntityTest {

  @Test
  void peerKeyStoredInClearBeforeEncryptionIsStillRead() {
    SyncEntity s = new SyncEntity();
    s.setId(1L);
    s.setName("old");
    s.setMode(Mode.PASSIVE);
    s.setTransport(Transport.HTTP);
    s.setSyncKey("0f8fad5b-d9cb-469f-a165-70867728950e");
    s.setPeerKey("q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=");
    assertThat(s.def().peerKey()).isEqualTo("q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=");
  }
}

package io.crmsync.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeerUrlsTest {
  private static final String KEY = "0f8fad5b-d9cb-469f-a165-70867728950e";

  @Test
  void peerUrlIsBasePlusKeyWithOrWithoutTrailingSlash() {
    String expected = "http://crm.example:8080/crmsync/api/peer/" + KEY + "/exchange";
    assertThat(PeerUrls.of("http://crm.example:8080/crmsync", KEY)).isEqualTo(expected);
    assertThat(PeerUrls.of("http://crm.example:8080/crmsync/", KEY)).isEqualTo(expected);
  }

  @Test
  void madeUrlIsValidAndGivesItsKeyBack() {
    for (String base :
        new String[] {"http://h:1/crmsync", "https://crm.example/a/b/crmsync/", "http://10.0.0.1"}) {
      String url = PeerUrls.of(base, KEY);
      assertThat(PeerUrls.isValid(url)).as(url).isTrue();
      assertThat(PeerUrls.syncKeyOf(url)).isEqualTo(KEY);
    }
  }

  @Test
  void surroundingSpaceIsIgnoredWhenReadingTheKey() {
    assertThat(PeerUrls.syncKeyOf("  " + PeerUrls.of("http://h/crmsync", KEY) + "\n")).isEqualTo(KEY);
  }

  @Test
  void otherUrlsAreNotPeerUrls() {
    for (String url :
        new String[] {
          null,
          "",
          "not a url",
          "ftp://h/crmsync/api/peer/" + KEY + "/exchange",
          "http://h/crmsync/api/peer/" + KEY,
          "http://h/crmsync/api/peer/short-key/exchange",
          "http://h/crmsync/api/peer/" + KEY.toUpperCase() + "/exchange",
          "http://h/crmsync/api/peer/" + KEY + "/exchange?x=1",
          "http:///crmsync/api/peer/" + KEY + "/exchange",
          "http://h h/crmsync/api/peer/" + KEY + "/exchange"
        }) {
      assertThat(PeerUrls.isValid(url)).as(url).isFalse();
    }
  }

  @Test
  void keyOfAnInvalidUrlIsAClearError() {
    assertThatThrownBy(() -> PeerUrls.syncKeyOf("http://h/crmsync/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/api/peer/");
  }
}

package io.crmsync.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void scriptTagsAndQuotesComeOutAsText() {
    assertThat(Html.esc("<script>alert(1)</script>")).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(Html.esc("a\" onmouseover='x' & b")).isEqualTo("a&quot; onmouseover=&#39;x&#39; &amp; b");
  }

  @Test
  void nullIsEmptyAndPlainTextIsUnchanged() {
    assertThat(Html.esc(null)).isEmpty();
    assertThat(Html.esc("ООО «Ромашка» 15 000,50")).isEqualTo("ООО «Ромашка» 15 000,50");
  }

  @Test
  void queryValuesAreUrlEncoded() {
    assertThat(Html.url("clients & co")).isEqualTo("clients+%26+co");
  }
}

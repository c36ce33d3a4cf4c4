package io.crmsync.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConflictViewTest {
  private static final String A = "0b0c5f57-6f4a-4f43-9d43-3c2f0f1e2a3b";
  private static final String B = "7e1d2c3b-1111-4222-8333-444455556666";
  private static final String STORED =
      "{\"kept\":{\"value\":\"<b>kept</b>\",\"at\":\"2026-01-31T10:00:00.123Z\",\"origin\":\"" + A + "\"},"
          + "\"lost\":{\"value\":null,\"at\":\"2026-01-31T09:59:00Z\",\"origin\":\"" + B + "\"},\"rule\":\"ACTIVE_WINS\"}";

  @Test
  void readsBothSidesAndTheRuleAsTheChangeLogStoresThem() {
    ConflictView c = ConflictView.parse(STORED);
    assertThat(c.kept()).isEqualTo(new ConflictView.Side("<b>kept</b>", LocalDateTime.of(2026, 1, 31, 10, 0, 0, 123_000_000), A));
    assertThat(c.lost().value()).isNull();
    assertThat(c.rule()).isEqualTo("ACTIVE_WINS");
  }

  @Test
  void showsBothValuesEscapedWithProgramNamesOrShortIdsAndTheRuleInWords() {
    String html = ConflictView.render(Texts.of("en"), STORED, Map.of(A, "Head office"));
    assertThat(html).contains("&lt;b&gt;kept&lt;/b&gt;").doesNotContain("<b>kept");
    assertThat(html).contains(">Head office<").contains(">7e1d2c3b…<").contains("title=\"" + B + "\"");
    assertThat(html).contains("empty (NULL)").contains("Rule: on conflict, keep the active side.");
    assertThat(html.indexOf("class=\"side kept\"")).isLessThan(html.indexOf("class=\"side lost\""));
  }

  @Test
  void anUnreadableExplanationIsShownAsItIs() {
    assertThat(ConflictView.parse("{not json")).isNull();
    assertThat(ConflictView.render(Texts.of("ru"), "<x>", Map.of())).contains("&lt;x&gt;");
  }
}

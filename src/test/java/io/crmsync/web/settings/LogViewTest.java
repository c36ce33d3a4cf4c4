package io.crmsync.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogViewTest {
  private final Texts ru = Texts.of("ru");

  @Test
  void aBooleanColumnShowsYesOrNoWithTheStoredTextAsTooltip() {
    assertThat(LogView.value(ru, "true", true)).contains("✓ да").contains("title=\"true\"");
    assertThat(LogView.value(ru, "false", true)).contains("✗ нет");
    assertThat(LogView.value(ru, "true", false)).isEqualTo("true");
  }

  @Test
  void noValueIsADashAndALongValueOpensToTheWholeOfIt() {
    assertThat(LogView.value(ru, null, false)).contains("—");
    String longValue = "<b>".repeat(100);
    String shown = LogView.value(ru, longValue, false);
    assertThat(shown).startsWith("<details class=\"long\"><summary>").contains("показать все 300 символов")
        .contains("&lt;b&gt;").doesNotContain("<b>");
    assertThat(LogView.value(ru, "x".repeat(LogView.LONG_VALUE), false)).isEqualTo("x".repeat(LogView.LONG_VALUE));
  }
}

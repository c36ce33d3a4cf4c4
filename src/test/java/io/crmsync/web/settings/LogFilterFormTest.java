package io.crmsync.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFilterFormTest {
  private final Texts en = Texts.of("en");

  private static LogFilterForm form(Map<String, String> values) {
    return LogFilterForm.parse(values::get);
  }

  @Test
  void conflictsOnlyFiltersConflictsAndIsKeptOnTheNextPage() {
    LogFilterForm f = form(Map.of("conflict", "1", "table", "clients"));
    assertThat(f.validate(en)).isEmpty();
    assertThat(f.filter().conflict()).isTrue();
    assertThat(f.query(2)).contains("conflict=1").contains("table=clients").endsWith("page=2");
  }

  @Test
  void anUntickedBoxDoesNotFilterConflicts() {
    assertThat(form(Map.of()).filter().conflict()).isNull();
  }

  @Test
  void anOddConflictValueIsRefused() {
    assertThat(form(Map.of("conflict", "maybe")).validate(en)).containsOnlyKeys("conflict");
  }
}

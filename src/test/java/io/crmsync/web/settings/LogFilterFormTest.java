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

  @Test
  void datesAreDaysInTheBrowsersTimeZoneAndTheZoneIsKeptOnTheNextPage() {
    LogFilterForm f = form(Map.of("from", "2026-01-31", "to", "2026-01-31", "tz", "Asia/Vladivostok"));
    assertThat(f.validate(en)).isEmpty();
    assertThat(f.filter().from()).isEqualTo(java.time.LocalDateTime.parse("2026-01-30T14:00"));
    assertThat(f.filter().to()).isEqualTo(java.time.LocalDateTime.parse("2026-01-31T14:00"));
    assertThat(f.query(2)).contains("tz=Asia%2FVladivostok");
  }

  @Test
  void anUnknownTimeZoneIsRefused() {
    assertThat(form(Map.of("tz", "Mars/Olympus")).validate(en)).containsOnlyKeys("tz");
  }
}

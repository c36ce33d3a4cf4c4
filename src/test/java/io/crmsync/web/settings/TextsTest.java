package io.crmsync.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TextsTest {
  @Test
  void browserLanguagePicksRussianOrEnglish() {
    assertThat(Texts.choose(null, null, Collections.enumeration(List.of(Locale.forLanguageTag("ru-RU"))))).isEqualTo("ru");
    assertThat(Texts.choose(null, null, Collections.enumeration(List.of(Locale.GERMAN, Locale.US)))).isEqualTo("en");
    assertThat(Texts.choose(null, null, Collections.enumeration(List.of(Locale.GERMAN)))).isEqualTo("en");
  }

  @Test
  void switchBeatsCookieBeatsBrowser() {
    var ru = Collections.enumeration(List.of(Locale.forLanguageTag("ru")));
    assertThat(Texts.choose("en", "ru", ru)).isEqualTo("en");
    assertThat(Texts.choose(null, "en", Collections.enumeration(List.of(Locale.forLanguageTag("ru"))))).isEqualTo("en");
    assertThat(Texts.choose("xx", "yy", Collections.enumeration(List.of(Locale.forLanguageTag("ru"))))).isEqualTo("ru");
  }

  @Test
  void bothLanguagesHaveTheMenuEntryAndEveryKey() throws java.io.IOException {
    assertThat(Texts.of("ru").t("menu.sync")).isEqualTo("Синхронизация");
    assertThat(Texts.of("en").t("menu.sync")).isEqualTo("Synchronization");
    assertThat(keys("messages_ru.properties")).isEqualTo(keys("messages.properties"));
  }

  private static java.util.Set<Object> keys(String file) throws java.io.IOException {
    var p = new java.util.Properties();
    try (var in = TextsTest.class.getResourceAsStream(file)) {
      p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
    return p.keySet();
  }

  @Test
  void englishStaysEnglishOnARussianServer() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("ru-RU"));
    try {
      assertThat(Texts.of("en").t("form.save")).isEqualTo("Save");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void numbersAndArgumentsAreFormattedForTheLanguage() {
    assertThat(Texts.of("en").number(86400)).isEqualTo("86,400");
    assertThat(Texts.of("ru").number(86400)).isEqualTo("86\u00a0400");
    assertThat(Texts.of("ru").t("err.range", 1, 5)).isEqualTo("Целое число от 1 до 5.");
    assertThat(Texts.of("en").dateTime(null)).isEqualTo("—");
    assertThat(Texts.of("ru").dateTime(LocalDateTime.of(2026, 3, 4, 5, 6))).contains("2026");
  }

  @Test
  void anAdminRefusalWithACodeIsWordedInThePagesLanguage() {
    io.crmsync.admin.ApiException e = io.crmsync.admin.ApiException.invalid("local.uploadDir",
        "folder /srv/x does not exist (create it first)").coded("folder.missing", java.nio.file.Path.of("/srv/x"));
    assertThat(Texts.of("ru").api(e)).isEqualTo("Папка /srv/x не существует (сначала создайте её).");
    assertThat(Texts.of("en").api(e)).isEqualTo("Folder /srv/x does not exist (create it first).");
    assertThat(Texts.of("ru").api(io.crmsync.admin.ApiException.badRequest("something else"))).isEqualTo("something else");
  }
}

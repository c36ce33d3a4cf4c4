package io.crmsync.web.settings;

import io.crmsync.admin.ApiException;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The page's language: the texts of {@code messages*.properties} (UTF-8) and date and number
 * formats for it. Only Russian and English exist; anything else falls back to English.
 */
public final class Texts {
  /** Cookie that remembers the language picked with the switch on the page. */
  static final String COOKIE = "crmsync_lang";

  static final String ATTRIBUTE = Texts.class.getName();
  static final List<String> LANGUAGES = List.of("ru", "en");
  private static final String BUNDLE = "io.crmsync.web.settings.messages";

  private final Locale locale;
  private final ResourceBundle bundle;

  private Texts(Locale locale) {
    this.locale = locale;
    // No fallback to the JVM's default locale: on a Russian server an English page must stay English.
    this.bundle =
        ResourceBundle.getBundle(
            BUNDLE,
            locale,
            Texts.class.getClassLoader(),
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  public static Texts of(String language) {
    return new Texts(Locale.forLanguageTag(LANGUAGES.contains(language) ? language : "en"));
  }

  /**
   * The language to use: an explicit choice (the switch), then the remembered one (cookie), then
   * the first supported language the browser accepts, else English.
   */
  static String choose(String requested, String remembered, Enumeration<Locale> accepted) {
    if (requested != null && LANGUAGES.contains(requested)) {
      return requested;
    }
    if (remembered != null && LANGUAGES.contains(remembered)) {
      return remembered;
    }
    for (Locale l : Collections.list(accepted == null ? Collections.emptyEnumeration() : accepted)) {
      if (LANGUAGES.contains(l.getLanguage())) {
        return l.getLanguage();
      }
    }
    return "en";
  }

  public String lang() {
    return locale.getLanguage();
  }

  public Locale locale() {
    return locale;
  }

  /** The text for {@code key}; with arguments it is a {@link MessageFormat} pattern. */
  public String t(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      // A missing text must not break the page; the key itself tells the developer what is missing.
      return key;
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
  }

  /**
   * A refusal of the admin layer in this language: the text {@code api.<code>} with the refusal's
   * values where the refusal has a code this bundle knows, else its own (English) message.
   */
  public String api(ApiException e) {
    String key = "api." + e.code();
    return e.code() != null && bundle.containsKey(key) ? t(key, e.args()) : e.getMessage();
  }

  /** A UTC time from crm-sync's tables, shown in the server's time zone; "—" for none. */
  public String dateTime(LocalDateTime utc) {
    if (utc == null) {
      return "—";
    }
    return utc.atOffset(ZoneOffset.UTC)
        .atZoneSameInstant(ZoneId.systemDefault())
        .format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale));
  }

  public String number(long n) {
    return NumberFormat.getIntegerInstance(locale).format(n);
  }
}

package io.crmsync.web.settings;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A conflict of a change-log row as the log page shows it: the value kept and the value lost side
 * by side, each with when and in which program it was edited, and the rule that decided, so that an
 * administrator can put the lost value back by hand. Reads what {@code log.ConflictDetail} stores.
 */
record ConflictView(Side kept, Side lost, String rule) {
  /** One side: the value (null: the field was empty), the edit's time (UTC), the program's id. */
  record Side(String value, LocalDateTime at, String origin) {}

  /** The stored explanation, or null when it is not one (then the page shows it as it is). */
  static ConflictView parse(String stored) {
    try (JsonReader r = Json.createReader(new StringReader(stored))) {
      JsonObject o = r.readObject();
      Side kept = side(o.getJsonObject("kept"));
      Side lost = side(o.getJsonObject("lost"));
      return kept == null || lost == null ? null : new ConflictView(kept, lost, o.getString("rule", ""));
    } catch (JsonException | ClassCastException | DateTimeParseException e) {
      return null;
    }
  }

  private static Side side(JsonObject s) {
    if (s == null) {
      return null;
    }
    String value = s.isNull("value") ? null : s.getString("value", null);
    String at = s.getString("at", null);
    LocalDateTime utc = at == null ? null : LocalDateTime.ofInstant(Instant.parse(at), ZoneOffset.UTC);
    return new Side(value, utc, s.getString("origin", null));
  }

  /** The explanation of a conflict row; {@code names} are program names by id. */
  static String render(Texts tx, String stored, Map<String, String> names) {
    ConflictView c = parse(stored);
    if (c == null) {
      return "<p class=\"rule\">" + Html.esc(tx.t("log.unreadable", stored)) + "</p>";
    }
    String rule = tx.t("policy." + c.rule());
    return "<p class=\"rule\">" + Html.esc(tx.t("log.rule", rule.startsWith("policy.") ? c.rule() : rule)) + "</p>"
        + "<div class=\"sides\">" + side(tx, "kept", c.kept(), names) + side(tx, "lost", c.lost(), names) + "</div>"
        + "<p class=\"hint\">" + Html.esc(tx.t("log.lostHint")) + "</p>";
  }

  private static String side(Texts tx, String which, Side s, Map<String, String> names) {
    String value = s.value() == null
        ? "<em class=\"null\">" + Html.esc(tx.t("log.null")) + "</em>"
        : Html.esc(s.value());
    return "<div class=\"side " + which + "\"><strong>" + Html.esc(tx.t("log." + which)) + "</strong>"
        + "<p class=\"value\">" + value + "</p><p class=\"meta\"><span class=\"at\">" + Html.time(tx, s.at())
        + "</span> · " + LogView.program(names.get(s.origin()), s.origin()) + "</p></div>";
  }
}

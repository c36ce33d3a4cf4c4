package io.crmsync.log;

import io.crmsync.core.ConflictPolicy;
import io.crmsync.core.Hlc;
import io.crmsync.db.Values;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The explanation of a conflict kept with its change-log row ({@code crmsync_log.conflict_detail}),
 * as the admin API returns it: {@code {"kept": {"value", "at", "origin"}, "lost": {…}, "rule"}}.
 * {@code at} is the edit's time (UTC, ISO-8601) and {@code origin} the id of the program it was
 * made in; values longer than 4000 characters are cut.
 */
public final class ConflictDetail {
  private static final int MAX_VALUE = 4000;

  /** One side of a conflict: a value and the edit that made it. */
  public record Side(String value, long hlc, String origin) {}

  private ConflictDetail() {}

  public static String json(Side kept, Side lost, ConflictPolicy rule) {
    return Json.createObjectBuilder()
        .add("kept", side(kept))
        .add("lost", side(lost))
        .add("rule", rule.name())
        .build()
        .toString();
  }

  /** The program ids of both sides of a stored explanation. */
  public static List<String> origins(String stored) {
    try (JsonReader r = Json.createReader(new StringReader(stored))) {
      JsonObject o = r.readObject();
      List<String> out = new ArrayList<>();
      for (String side : List.of("kept", "lost")) {
        JsonObject s = o.getJsonObject(side);
        if (s != null && s.containsKey("origin")) {
          out.add(s.getString("origin"));
        }
      }
      return out;
    }
  }

  private static JsonObjectBuilder side(Side s) {
    JsonObjectBuilder b = Json.createObjectBuilder();
    if (s.value() == null) {
      b.addNull("value");
    } else {
      String v = s.value();
      b.add("value", v.length() <= MAX_VALUE ? v : Values.abbreviate(v.substring(0, MAX_VALUE)));
    }
    return b.add("at", Instant.ofEpochMilli(Hlc.millis(s.hlc())).toString()).add("origin", s.origin());
  }
}

package io.crmsync.web;

import io.crmsync.admin.ApiException;
import io.crmsync.admin.ChangeLogAdmin;
import io.crmsync.log.LogQuery;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/admin/log?syncId=&table=&direction=&from=&to=&conflict=&limit=&offset=}: the
 * change log, newest first; from/to are ISO dates or date-times (UTC); {@code conflict=true} keeps
 * only conflicts. A row names the program its value came from ({@code originName}, when known) and,
 * for a conflict, has {@code "conflict": true} and {@code conflictDetail} (see {@code ConflictDetail}).
 */
@Path("admin/log")
public class LogResource {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  @Inject ChangeLogAdmin changeLog;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String log(
      @QueryParam("syncId") String syncId,
      @QueryParam("table") String table,
      @QueryParam("direction") String direction,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("conflict") String conflict,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    LogQuery.Filter f =
        new LogQuery.Filter(
            syncId == null || syncId.isBlank() ? null : (long) number("syncId", syncId, 0, Integer.MAX_VALUE),
            table == null || table.isBlank() ? null : table,
            direction(direction),
            time("from", from),
            time("to", to),
            limit == null || limit.isBlank() ? DEFAULT_LIMIT : number("limit", limit, 1, MAX_LIMIT),
            offset == null || offset.isBlank() ? 0 : number("offset", offset, 0, Integer.MAX_VALUE),
            bool("conflict", conflict));
    JsonArrayBuilder a = Json.createArrayBuilder();
    List<LogQuery.Entry> rows = changeLog.find(f);
    Map<String, String> names = changeLog.names(rows);
    for (LogQuery.Entry e : rows) {
      JsonObjectBuilder b =
          Json.createObjectBuilder()
              .add("id", e.id())
              .add("at", JsonOut.time(e.at()))
              .add("syncId", e.syncId())
              .add("sync", e.sync())
              .add("direction", e.direction())
              .add("table", e.table());
      JsonOut.nullable(b, "recordId", e.recordId());
      JsonOut.nullable(b, "column", e.column());
      JsonOut.nullable(b, "oldValue", e.oldValue());
      JsonOut.nullable(b, "newValue", e.newValue());
      JsonOut.nullable(b, "origin", e.origin());
      JsonOut.nullable(b, "originName", e.originName());
      b.add("conflict", e.conflict());
      if (e.conflict()) {
        b.add("conflictDetail", conflictDetail(e.conflictDetail(), names));
      }
      a.add(b);
    }
    return a.build().toString();
  }

  /** The stored explanation, each side with the name of its program where known. */
  private static JsonObject conflictDetail(String stored, Map<String, String> names) {
    JsonObject o;
    try (JsonReader r = Json.createReader(new StringReader(stored))) {
      o = r.readObject();
    }
    JsonObjectBuilder b = Json.createObjectBuilder(o);
    for (String side : List.of("kept", "lost")) {
      JsonObject s = o.getJsonObject(side);
      String name = s == null ? null : names.get(s.getString("origin", ""));
      if (name != null) {
        b.add(side, Json.createObjectBuilder(s).add("originName", name));
      }
    }
    return b.build();
  }

  private static Boolean bool(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.badRequest(name + " must be true or false");
    };
  }

  private static int number(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max);
  }

  private static String direction(String d) {
    if (d == null || d.isBlank()) {
      return null;
    }
    String u = d.trim().toUpperCase(Locale.ROOT);
    if (!u.equals("IN") && !u.equals("OUT")) {
      throw ApiException.badRequest("direction must be IN or OUT");
    }
    return u;
  }

  private static LocalDateTime time(String name, String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay();
      }
      if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(v).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      return LocalDateTime.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + " must be an ISO date (2026-01-31) or date-time");
    }
  }
}

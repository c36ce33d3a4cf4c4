package io.crmsync.exchange;

import io.crmsync.core.FieldValue;
import io.crmsync.core.Clock;
import io.crmsync.core.Merge;
import io.crmsync.core.RecordChange;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.TableInfo;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a quarantined record ({@code crmsync_quarantine.record}, JSON): its values
 * mapped to this program's columns, each with the version it arrived with, or its deletion; the
 * merge of a record refused again; and the record as it can be applied again. No database access.
 */
final class QuarantineRecord {
  private QuarantineRecord() {}

  static String json(Applier.Incoming in) {
    JsonArrayBuilder values = Json.createArrayBuilder();
    in.values.forEach(
        (col, v) -> {
          JsonObjectBuilder f =
              Json.createObjectBuilder().add("column", col.name()).add("number", v.number());
          if (v.value() == null) {
            f.addNull("value");
          } else {
            f.add("value", v.value());
          }
          f.add("hlc", v.hlc()).add("origin", v.origin());
          if (v.decided()) {
            f.add("decided", true);
          }
          if (v.clock() != null) {
            JsonObjectBuilder clock = Json.createObjectBuilder();
            v.clock().entries().forEach(clock::add);
            f.add("clock", clock);
          }
          values.add(f);
        });
    JsonObjectBuilder o = Json.createObjectBuilder().add("values", values);
    if (in.change.isDeleted()) {
      o.add("deletedHlc", in.change.deletedHlc()).add("deletedOrigin", in.change.deletedOrigin());
    }
    return o.build().toString();
  }

  /** The kept record's values with the newer of each column's versions. */
  static String merge(JsonObject kept, Applier.Incoming in) {
    if (kept.containsKey("deletedHlc")) {
      return json(in);
    }
    Map<String, JsonObject> byColumn = new LinkedHashMap<>();
    for (JsonValue v : kept.getJsonArray("values")) {
      byColumn.put(v.asJsonObject().getString("column"), v.asJsonObject());
    }
    for (JsonValue v : parse(json(in)).getJsonArray("values")) {
      JsonObject f = v.asJsonObject();
      JsonObject old = byColumn.get(f.getString("column"));
      if (old == null || Merge.compare(value(f).side(), value(old).side()) > 0) {
        byColumn.put(f.getString("column"), f);
      }
    }
    JsonArrayBuilder values = Json.createArrayBuilder();
    byColumn.values().forEach(values::add);
    return Json.createObjectBuilder().add("values", values).build().toString();
  }

  /**
   * The record as it can be applied again to {@code table}; columns that no longer exist are left
   * out.
   */
  static Applier.Incoming incoming(Quarantine.Entry e, TableInfo table) {
    JsonObject o = parse(e.record());
    Map<ColumnInfo, FieldValue> values = new LinkedHashMap<>();
    List<FieldValue> fields = new ArrayList<>();
    for (JsonValue v : o.getJsonArray("values")) {
      JsonObject f = v.asJsonObject();
      FieldValue fv = value(f);
      fields.add(fv);
      table.column(f.getString("column")).ifPresent(col -> values.put(col, fv));
    }
    RecordChange change =
        o.containsKey("deletedHlc")
            ? RecordChange.deleted(e.gid(), e.table(), o.getJsonNumber("deletedHlc").longValueExact(),
                o.getString("deletedOrigin"))
            : new RecordChange(e.gid(), e.table(), fields, null, null);
    return new Applier.Incoming(change, table.name(), values);
  }

  /** One kept value; entries kept before conflict policies have no decided flag or clock. */
  private static FieldValue value(JsonObject f) {
    Clock clock = null;
    if (f.containsKey("clock")) {
      Map<String, Long> entries = new LinkedHashMap<>();
      JsonObject c = f.getJsonObject("clock");
      c.keySet().forEach(k -> entries.put(k, c.getJsonNumber(k).longValueExact()));
      clock = Clock.of(entries);
    }
    return new FieldValue(f.getInt("number"), f.isNull("value") ? null : f.getString("value"),
        f.getJsonNumber("hlc").longValueExact(), f.getString("origin"), f.getBoolean("decided", false),
        clock);
  }

  static JsonObject parse(String json) {
    try (JsonReader r = Json.createReader(new StringReader(json))) {
      return r.readObject();
    }
  }
}

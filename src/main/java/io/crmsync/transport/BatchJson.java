package io.crmsync.transport;

import io.crmsync.core.Batch;
import io.crmsync.core.CatalogEntry;
import io.crmsync.core.Clock;
import io.crmsync.core.ConflictPolicy;
import io.crmsync.core.Direction;
import io.crmsync.core.FieldValue;
import io.crmsync.core.RecordChange;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The wire format of a batch (version 2), compact JSON:
 *
 * <pre>{"v":2,"from":"…","seq":5,"ack":4,"more":false,"policy":"NEWEST_WINS",
 *  "names":{"origin":"Head office"},
 *  "catalog":[{"n":1,"t":"clients","c":"name","d":"BOTH","r":null}],
 *  "records":[{"g":"…","t":"clients","f":[[1,"Иванов",hlc,"origin"],
 *                                        [2,"+7…",hlc,"origin",decided,{"origin2":hlc2}]]},
 *             {"g":"…","t":"clients","del":[hlc,"origin"]}]}</pre>
 *
 * A value made by a conflict decision or knowing other versions ({@link io.crmsync.core.Merge})
 * carries its decided flag (0 or 1) and its {@link Clock} without its own entry. {@code policy} and
 * {@code names} may be absent. Version 1 (no policy, names or clocks) is still read.
 *
 * Parsing checks every member and type; anything else is an {@link IllegalArgumentException}.
 */
public final class BatchJson {
  public static final int VERSION = 2;
  /** A batch nests 5 levels (batch, records, record, values, value); the rest is headroom. */
  static final int MAX_DEPTH = 16;

  private BatchJson() {}

  public static byte[] write(Batch b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.createGenerator(out)) {
      g.writeStartObject()
          .write("v", VERSION)
          .write("from", b.from())
          .write("seq", b.seq())
          .write("ack", b.ack())
          .write("more", b.more());
      if (b.reload()) {
        g.write("reload", true);
      }
      if (b.policy() != null) {
        g.write("policy", b.policy().name());
      }
      if (!b.names().isEmpty()) {
        g.writeStartObject("names");
        new TreeMap<>(b.names()).forEach(g::write);
        g.writeEnd();
      }
      g.writeStartArray("catalog");
      for (CatalogEntry e : b.catalog()) {
        g.writeStartObject()
            .write("n", e.number())
            .write("t", e.table())
            .write("c", e.column())
            .write("d", e.direction().name());
        if (e.remote() == null) {
          g.writeNull("r");
        } else {
          g.write("r", e.remote());
        }
        g.writeEnd();
      }
      g.writeEnd();
      g.writeStartArray("records");
      for (RecordChange r : b.records()) {
        g.writeStartObject().write("g", r.gid()).write("t", r.table());
        if (r.isDeleted()) {
          g.writeStartArray("del").write(r.deletedHlc()).write(r.deletedOrigin()).writeEnd();
        } else {
          g.writeStartArray("f");
          for (FieldValue v : r.values()) {
            g.writeStartArray().write(v.number());
            if (v.value() == null) {
              g.writeNull();
            } else {
              g.write(v.value());
            }
            g.write(v.hlc()).write(v.origin());
            Clock others = v.clock() == null ? Clock.EMPTY : v.clock().without(v.stamp());
            if (v.decided() || !others.isEmpty()) {
              g.write(v.decided() ? 1 : 0).writeStartObject();
              others.entries().forEach(g::write);
              g.writeEnd();
            }
            g.writeEnd();
          }
          g.writeEnd();
        }
        g.writeEnd();
      }
      g.writeEnd().writeEnd();
    }
    return out.toByteArray();
  }

  public static Batch read(byte[] json) {
    checkDepth(json);
    JsonObject o;
    try (JsonReader r = Json.createReader(new ByteArrayInputStream(json))) {
      o = r.readObject();
    } catch (RuntimeException e) {
      // Not only JsonException: Parsson signals some limits (e.g. nesting) with a plain
      // RuntimeException, and whatever the parser throws, the body is what is wrong.
      throw new IllegalArgumentException("batch is not a JSON object: " + e.getMessage(), e);
    }
    try {
      int version = o.getJsonNumber("v").intValueExact();
      if (version != 1 && version != VERSION) {
        throw new IllegalArgumentException(
            "unsupported batch version " + o.get("v") + ": update the other program");
      }
      if (version < 2 && (o.containsKey("policy") || o.containsKey("names"))) {
        throw new IllegalArgumentException("a version 1 batch has no policy or names");
      }
      List<CatalogEntry> catalog = new ArrayList<>();
      for (JsonValue v : o.getJsonArray("catalog")) {
        JsonObject e = v.asJsonObject();
        JsonValue remote = e.get("r");
        catalog.add(
            new CatalogEntry(
                e.getJsonNumber("n").intValueExact(),
                e.getString("t"),
                e.getString("c"),
                Direction.parse(e.getString("d")),
                remote == null || remote == JsonValue.NULL ? null : ((JsonNumber) remote).intValueExact()));
      }
      Set<Integer> numbers = new HashSet<>();
      catalog.forEach(e -> numbers.add(e.number()));
      List<RecordChange> records = new ArrayList<>();
      for (JsonValue v : o.getJsonArray("records")) {
        records.add(record(v.asJsonObject(), numbers, version));
      }
      return new Batch(
          o.getString("from"),
          o.getJsonNumber("seq").longValueExact(),
          o.getJsonNumber("ack").longValueExact(),
          catalog,
          records,
          o.getBoolean("more"),
          o.getBoolean("reload", false),
          o.containsKey("policy") ? ConflictPolicy.parse(o.getString("policy")) : null,
          names(o.getJsonObject("names")));
    } catch (NullPointerException
        | ClassCastException
        | ArithmeticException
        | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("malformed batch: missing or mistyped member", e);
    }
  }

  private static RecordChange record(JsonObject r, Set<Integer> catalog, int version) {
    String gid = r.getString("g");
    String table = r.getString("t");
    JsonArray del = r.getJsonArray("del");
    if (del != null) {
      if (del.size() != 2) {
        throw new IllegalArgumentException("a deletion must be [hlc, origin]");
      }
      return RecordChange.deleted(gid, table, del.getJsonNumber(0).longValueExact(), del.getString(1));
    }
    List<FieldValue> values = new ArrayList<>();
    for (JsonValue f : r.getJsonArray("f")) {
      JsonArray a = f.asJsonArray();
      if (a.size() != 4 && (a.size() != 6 || version < 2)) {
        throw new IllegalArgumentException(
            "a field value must be [number, value, hlc, origin] or [number, value, hlc, origin,"
                + " decided, clock]");
      }
      int number = a.getJsonNumber(0).intValueExact();
      if (!catalog.contains(number)) {
        // The sender lists every field it sends; a number outside that list is not a real field.
        throw new IllegalArgumentException("field number " + number + " is not in the batch's catalog");
      }
      JsonValue value = a.get(1);
      String text =
          value == JsonValue.NULL ? null : ((JsonString) value).getString();
      long hlc = a.getJsonNumber(2).longValueExact();
      String origin = a.getString(3);
      if (a.size() == 4) {
        values.add(new FieldValue(number, text, hlc, origin));
      } else {
        values.add(new FieldValue(number, text, hlc, origin, flag(a, 4), clock(a.getJsonObject(5))));
      }
    }
    return new RecordChange(gid, table, values, null, null);
  }

  private static boolean flag(JsonArray a, int index) {
    int v = a.getJsonNumber(index).intValueExact();
    if (v != 0 && v != 1) {
      throw new IllegalArgumentException("a flag must be 0 or 1, not " + v);
    }
    return v == 1;
  }

  private static final int MAX_NAME = 200;
  /** More makers of one field than any real network of programs has. */
  private static final int MAX_CLOCK = 1000;

  private static Clock clock(JsonObject o) {
    if (o.size() > MAX_CLOCK) {
      throw new IllegalArgumentException("a clock of " + o.size() + " entries");
    }
    Map<String, Long> entries = new HashMap<>();
    for (String key : o.keySet()) {
      entries.put(key, o.getJsonNumber(key).longValueExact());
    }
    return Clock.of(entries);
  }

  private static Map<String, String> names(JsonObject o) {
    Map<String, String> out = new HashMap<>();
    if (o == null) {
      return out;
    }
    if (o.size() > 10_000) {
      throw new IllegalArgumentException("too many program names: " + o.size());
    }
    for (String id : o.keySet()) {
      String name = o.getString(id);
      if (id.length() > 36 || name.length() > MAX_NAME) {
        throw new IllegalArgumentException("a program id or name is too long");
      }
      out.put(id, name);
    }
    return out;
  }

  /**
   * Refuses nesting deeper than a batch ever has, before any parser sees it: a body of thousands
   * of nested arrays would otherwise cost a deep recursion (or a StackOverflowError) while the
   * tree is built. Counts brackets outside strings in one pass; anything else malformed is left
   * to the parser.
   */
  static void checkDepth(byte[] json) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '[' || b == '{') {
        if (++depth > MAX_DEPTH) {
          throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
      } else if (b == ']' || b == '}') {
        depth--;
      }
    }
  }

  /** The UTF-8 text of a JSON body, for messages. */
  public static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }
}

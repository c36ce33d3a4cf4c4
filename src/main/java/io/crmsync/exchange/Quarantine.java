package io.crmsync.exchange;

import io.crmsync.core.FieldValue;
import io.crmsync.core.Hlc;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Records that the receiving database refused (a constraint, a value too long or out of range):
 * each is kept here with the reason instead of failing its whole batch, so that everything else
 * keeps flowing; a retry ({@code POST …/quarantine/retry}, or the settings page) applies it once
 * the cause is fixed. A record is kept as mapped to this program's table and columns, with the
 * versions it arrived with, so a retry compares them like any received value: a newer value that
 * arrived meanwhile wins.
 */
public final class Quarantine {
  /** One refused record. {@code localId} is null for a record that had no row here yet. */
  public record Entry(
      long id,
      long syncId,
      String table,
      String gid,
      String localId,
      String record,
      String reason,
      LocalDateTime at,
      int attempts) {

    /** The values as received: column name to value, in arrival order. */
    public Map<String, String> values() {
      Map<String, String> out = new LinkedHashMap<>();
      JsonObject o = parse(record);
      for (JsonValue v : o.getJsonArray("values")) {
        JsonObject f = v.asJsonObject();
        out.put(f.getString("column"), f.isNull("value") ? null : f.getString("value"));
      }
      return out;
    }

    public boolean deletion() {
      return parse(record).containsKey("deletedHlc");
    }
  }

  private static final int MAX_REASON = 2000;

  private Quarantine() {}

  /**
   * MariaDB/MySQL errors that refuse data under SQLSTATE HY000 ("general error") instead of a class
   * 22 or 23 state: 1364 a NOT NULL column without a default left out of an INSERT, 1366 and 1292
   * an incorrect value, 3819 and 4025 a CHECK constraint.
   */
  private static final Set<Integer> MARIADB_REFUSALS = Set.of(1364, 1366, 1292, 3819, 4025);

  /**
   * Whether an error means that the database refused the data (SQLSTATE class 23, integrity
   * constraint, or 22, data exception, or one of {@link #MARIADB_REFUSALS}), as opposed to a
   * failure worth retrying the whole batch for: a deadlock or serialization failure (40), a lost
   * connection (08), a shutdown (57).
   */
  public static boolean refused(SQLException e) {
    boolean refused = false;
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("40") || state.startsWith("08") || state.startsWith("57")) {
          return false;
        }
        refused |= refusal(s);
      }
    }
    return refused;
  }

  private static boolean refusal(SQLException s) {
    String state = s.getSQLState();
    return state.startsWith("23") || state.startsWith("22")
        || ("HY000".equals(state) && MARIADB_REFUSALS.contains(s.getErrorCode()));
  }

  private static Throwable next(Throwable t) {
    if (t instanceof SQLException s && s.getNextException() != null && s.getNextException() != t) {
      return s.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }

  /** The database's own words, without the JDBC driver's batch wrapping where it adds any. */
  public static String reason(SQLException e) {
    SQLException deepest = e;
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof SQLException s && s.getSQLState() != null && refusal(s)) {
        deepest = s;
      }
    }
    String message = deepest.getMessage() == null ? deepest.toString() : deepest.getMessage();
    String state = deepest.getSQLState() == null ? "" : " [SQLSTATE " + deepest.getSQLState() + "]";
    String out = message.strip() + state;
    return out.length() > MAX_REASON ? out.substring(0, MAX_REASON - 1) + "…" : out;
  }

  /**
   * Keeps a refused record. A record already kept for the same row takes the new values in (per
   * column, the newer version), so that one row has one entry however often it is refused or sent
   * again; {@code attempts} counts the tries to apply the entry: 1, plus one per retry. Returns
   * false when the record was kept already as it is (sent again): nothing changed.
   */
  static boolean add(Connection c, long syncId, Applier.Incoming in, String localId, String reason)
      throws SQLException {
    Entry kept = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, sync_id, tbl, gid, local_id, record, reason, at, attempts FROM crmsync_quarantine"
                + " WHERE sync_id = ? AND gid = ?")) {
      ps.setLong(1, syncId);
      ps.setString(2, in.change.gid());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          kept = entry(rs);
        }
      }
    }
    if (kept != null) {
      String record = in.change.isDeleted() ? json(in) : merge(parse(kept.record()), in);
      if (record.equals(kept.record()) && Objects.equals(localId, kept.localId())) {
        return false;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE crmsync_quarantine SET local_id = ?, record = ?, reason = ?, at = ? WHERE id = ?")) {
        ps.setString(1, localId);
        ps.setString(2, record);
        ps.setString(3, reason);
        ps.setTimestamp(4, now());
        ps.setLong(5, kept.id());
        ps.executeUpdate();
      }
      return true;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO crmsync_quarantine(sync_id, tbl, gid, local_id, record, reason, at, attempts)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 1)")) {
      ps.setLong(1, syncId);
      ps.setString(2, in.table);
      ps.setString(3, in.change.gid());
      ps.setString(4, localId);
      ps.setString(5, json(in));
      ps.setString(6, reason);
      ps.setTimestamp(7, now());
      ps.executeUpdate();
    }
    return true;
  }

  /** The kept record's values with the newer of each column's versions. */
  private static String merge(JsonObject kept, Applier.Incoming in) {
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
      if (old == null
          || Hlc.wins(f.getJsonNumber("hlc").longValueExact(), f.getString("origin"),
              old.getJsonNumber("hlc").longValueExact(), old.getString("origin"))) {
        byColumn.put(f.getString("column"), f);
      }
    }
    JsonArrayBuilder values = Json.createArrayBuilder();
    byColumn.values().forEach(values::add);
    return Json.createObjectBuilder().add("values", values).build().toString();
  }

  /** A retried record was refused again: the new reason, one attempt more. */
  static void refusedAgain(Connection c, long id, String reason) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_quarantine SET reason = ?, at = ?, attempts = attempts + 1 WHERE id = ?")) {
      ps.setString(1, reason);
      ps.setTimestamp(2, now());
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }

  /** Removes one record of a sync; false if there is no such record. */
  public static boolean remove(Connection c, long syncId, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM crmsync_quarantine WHERE id = ? AND sync_id = ?")) {
      ps.setLong(1, id);
      ps.setLong(2, syncId);
      return ps.executeUpdate() > 0;
    }
  }

  /** The records of a sync, oldest first; {@code onlyId} narrows to one. */
  public static List<Entry> list(Connection c, long syncId, Long onlyId) throws SQLException {
    String sql =
        "SELECT id, sync_id, tbl, gid, local_id, record, reason, at, attempts FROM crmsync_quarantine"
            + " WHERE sync_id = ?" + (onlyId == null ? "" : " AND id = ?") + " ORDER BY id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, syncId);
      if (onlyId != null) {
        ps.setLong(2, onlyId);
      }
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(entry(rs));
        }
      }
      return out;
    }
  }

  private static Entry entry(ResultSet rs) throws SQLException {
    return new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getTimestamp(8).toLocalDateTime(), rs.getInt(9));
  }

  /** How many records of a sync are waiting here. */
  public static int count(Connection c, long syncId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM crmsync_quarantine WHERE sync_id = ?")) {
      ps.setLong(1, syncId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * The record as it can be applied again to {@code table}; columns that no longer exist are left
   * out.
   */
  static Applier.Incoming incoming(Entry e, TableInfo table) {
    JsonObject o = parse(e.record());
    Map<ColumnInfo, FieldValue> values = new LinkedHashMap<>();
    List<FieldValue> fields = new ArrayList<>();
    for (JsonValue v : o.getJsonArray("values")) {
      JsonObject f = v.asJsonObject();
      FieldValue fv =
          new FieldValue(f.getInt("number"), f.isNull("value") ? null : f.getString("value"),
              f.getJsonNumber("hlc").longValueExact(), f.getString("origin"));
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

  private static String json(Applier.Incoming in) {
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
          values.add(f.add("hlc", v.hlc()).add("origin", v.origin()));
        });
    JsonObjectBuilder o = Json.createObjectBuilder().add("values", values);
    if (in.change.isDeleted()) {
      o.add("deletedHlc", in.change.deletedHlc()).add("deletedOrigin", in.change.deletedOrigin());
    }
    return o.build().toString();
  }

  private static JsonObject parse(String json) {
    try (JsonReader r = Json.createReader(new StringReader(json))) {
      return r.readObject();
    }
  }

  private static Timestamp now() {
    return Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
  }
}

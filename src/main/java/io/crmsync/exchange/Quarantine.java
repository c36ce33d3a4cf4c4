package io.crmsync.exchange;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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

/**
 * Records that the receiving database refused (a constraint, a value too long or out of range):
 * each is kept here with the reason instead of failing its whole batch, so that everything else
 * keeps flowing; a retry ({@code POST …/quarantine/retry}, or the settings page) applies it once
 * the cause is fixed. A record is kept as mapped to this program's table and columns, with the
 * versions it arrived with, so a retry compares them like any received value: a newer value that
 * arrived meanwhile wins. This class keeps the table {@code crmsync_quarantine}; which errors are
 * refusals is {@link Refusals}, the stored form of a record {@link QuarantineRecord}.
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
      JsonObject o = QuarantineRecord.parse(record);
      for (JsonValue v : o.getJsonArray("values")) {
        JsonObject f = v.asJsonObject();
        out.put(f.getString("column"), f.isNull("value") ? null : f.getString("value"));
      }
      return out;
    }

    public boolean deletion() {
      return QuarantineRecord.parse(record).containsKey("deletedHlc");
    }
  }

  private Quarantine() {}


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
      String record =
          in.change.isDeleted()
              ? QuarantineRecord.json(in)
              : QuarantineRecord.merge(QuarantineRecord.parse(kept.record()), in);
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
      ps.setString(5, QuarantineRecord.json(in));
      ps.setString(6, reason);
      ps.setTimestamp(7, now());
      ps.executeUpdate();
    }
    return true;
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

  private static Timestamp now() {
    return Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
  }
}

package io.crmsync.exchange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Initial loads: when fields are added to a sync (or switched on), the table's existing rows are
 * sent in bounded batches in primary-key order. {@code crmsync_load} keeps, per sync and table,
 * the last key acknowledged by the peer; the generation number makes a restarted load win over
 * the acknowledgement of a batch of the older one. For the progress shown to administrators it
 * also keeps the table's row count when the load's first batch was built, the rows acknowledged,
 * the rows of the batch awaiting acknowledgement and when the first batch was built.
 */
public final class Loads {
  private Loads() {}

  /** (Re)starts the initial load of a table for a sync. */
  public static void request(Connection c, long syncId, String table) throws SQLException {
    int n;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_load SET last_pk = NULL, gen = gen + 1, rows_total = NULL, rows_done = 0,"
                + " rows_pending = 0, started_at = NULL WHERE sync_id = ? AND tbl = ?")) {
      ps.setLong(1, syncId);
      ps.setString(2, table);
      n = ps.executeUpdate();
    }
    if (n == 0) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO crmsync_load(sync_id, tbl, last_pk, gen) VALUES (?, ?, NULL, 1)")) {
        ps.setLong(1, syncId);
        ps.setString(2, table);
        ps.executeUpdate();
      }
    }
  }

  static void advance(Connection c, long syncId, String table, long gen, String lastPk, boolean done)
      throws SQLException {
    String sql =
        done
            ? "DELETE FROM crmsync_load WHERE sync_id = ? AND tbl = ? AND gen = ?"
            : "UPDATE crmsync_load SET last_pk = ?, rows_done = rows_done + rows_pending, rows_pending = 0"
                + " WHERE sync_id = ? AND tbl = ? AND gen = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (!done) {
        ps.setString(i++, lastPk);
      }
      ps.setLong(i++, syncId);
      ps.setString(i++, table);
      ps.setLong(i, gen);
      ps.executeUpdate();
    }
  }

  /**
   * Records the batch just built from a load: its row count (added to the rows done when the peer
   * acknowledges it) and, for the first batch, the table's row count and the start time.
   */
  static void built(Connection c, long syncId, String table, long gen, int rows, Long total)
      throws SQLException {
    String sql =
        total == null
            ? "UPDATE crmsync_load SET rows_pending = ? WHERE sync_id = ? AND tbl = ? AND gen = ?"
            : "UPDATE crmsync_load SET rows_pending = ?, rows_total = ?, started_at = ?"
                + " WHERE sync_id = ? AND tbl = ? AND gen = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setLong(i++, rows);
      if (total != null) {
        ps.setLong(i++, total);
        ps.setLong(i++, System.currentTimeMillis());
      }
      ps.setLong(i++, syncId);
      ps.setString(i++, table);
      ps.setLong(i, gen);
      ps.executeUpdate();
    }
  }

  /** The loads of a sync still running, by table name. */
  public static List<LoadProgress> progress(Connection c, long syncId) throws SQLException {
    List<LoadProgress> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tbl, rows_done, rows_total, started_at FROM crmsync_load WHERE sync_id = ?"
                + " ORDER BY tbl")) {
      ps.setLong(1, syncId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long total = rs.getLong(3);
          Long totalOrNull = rs.wasNull() ? null : total;
          long started = rs.getLong(4);
          Long startedOrNull = rs.wasNull() ? null : started;
          out.add(new LoadProgress(rs.getString(1), rs.getLong(2), totalOrNull, startedOrNull));
        }
      }
    }
    return out;
  }
}

package io.crmsync.exchange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Initial loads: when fields are added to a sync (or switched on), the table's existing rows are
 * sent in bounded batches in primary-key order. {@code crmsync_load} keeps, per sync and table,
 * the last key acknowledged by the peer; the generation number makes a restarted load win over
 * the acknowledgement of a batch of the older one.
 */
public final class Loads {
  private Loads() {}

  /** (Re)starts the initial load of a table for a sync. */
  public static void request(Connection c, long syncId, String table) throws SQLException {
    int n;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_load SET last_pk = NULL, gen = gen + 1 WHERE sync_id = ? AND tbl = ?")) {
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
            : "UPDATE crmsync_load SET last_pk = ? WHERE sync_id = ? AND tbl = ? AND gen = ?";
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
}

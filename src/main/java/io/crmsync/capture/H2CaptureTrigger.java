package io.crmsync.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * The H2 capture trigger. H2 loads it by name, possibly outside the WAR, so it depends on nothing
 * but JDBC and H2's trigger interface.
 */
public class H2CaptureTrigger implements Trigger {
  private String table;
  private int pkIndex = -1;

  @Override
  public void init(
      Connection conn, String schema, String trigger, String table, boolean before, int type)
      throws SQLException {
    this.table = table;
    String pk = null;
    try (ResultSet rs = conn.getMetaData().getPrimaryKeys(null, schema, table)) {
      if (rs.next()) {
        pk = rs.getString("COLUMN_NAME");
      }
    }
    // All columns, compared by exact name: metadata patterns would treat '_' as a wildcard.
    try (ResultSet rs = conn.getMetaData().getColumns(null, schema, null, null)) {
      while (pk != null && rs.next()) {
        if (table.equals(rs.getString("TABLE_NAME")) && pk.equals(rs.getString("COLUMN_NAME"))) {
          pkIndex = rs.getInt("ORDINAL_POSITION") - 1;
        }
      }
    }
    if (pkIndex < 0) {
      throw new SQLException("crm-sync cannot capture " + table + ": it has no primary key");
    }
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    long now = System.currentTimeMillis();
    if (newRow == null) {
      insert(conn, oldRow[pkIndex], "D", now);
      return;
    }
    if (oldRow != null && !String.valueOf(oldRow[pkIndex]).equals(String.valueOf(newRow[pkIndex]))) {
      insert(conn, oldRow[pkIndex], "D", now);
    }
    insert(conn, newRow[pkIndex], "U", now);
  }

  private void insert(Connection conn, Object pk, String op, long now) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO crmsync_capture(tbl, pk, op, changed_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, table);
      ps.setString(2, String.valueOf(pk));
      ps.setString(3, op);
      ps.setLong(4, now);
      ps.executeUpdate();
    }
  }
}

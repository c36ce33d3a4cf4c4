package io.crmsync.cycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Leases on syncs, kept in {@code crmsync_sync_state}: only the holder runs a sync's cycle, so a
 * sync runs one cycle at a time even when several cluster members share the database. A lease
 * that is not renewed expires, so a crashed member's syncs are taken over.
 */
final class Leases {
  private Leases() {}

  static boolean acquire(Connection c, long syncId, String owner, long durationMillis)
      throws SQLException {
    long now = System.currentTimeMillis();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_sync_state SET lease_owner = ?, lease_until = ? WHERE sync_id = ?"
                + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)")) {
      ps.setString(1, owner);
      ps.setLong(2, now + durationMillis);
      ps.setLong(3, syncId);
      ps.setString(4, owner);
      ps.setLong(5, now);
      return ps.executeUpdate() == 1;
    }
  }

  static void release(Connection c, long syncId, String owner) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_sync_state SET lease_owner = NULL, lease_until = NULL"
                + " WHERE sync_id = ? AND lease_owner = ?")) {
      ps.setLong(1, syncId);
      ps.setString(2, owner);
      ps.executeUpdate();
    }
  }
}

package io.crmsync.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Remembers the nonces of accepted requests, so that a replayed request is refused. */
public final class Nonces {
  private Nonces() {}

  /** Records a nonce; false if it was seen before (a replay). Auto-commit connection. */
  public static boolean firstUse(Connection c, String nonce, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO crmsync_nonce(nonce, at) VALUES (?, ?)")) {
      ps.setString(1, nonce);
      ps.setLong(2, now);
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false;
      }
      throw e;
    }
  }

  /** Forgets nonces older than the time window (they are refused by their time anyway). */
  public static void purge(Connection c, long before) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM crmsync_nonce WHERE at < ?")) {
      ps.setLong(1, before);
      ps.executeUpdate();
    }
  }
}

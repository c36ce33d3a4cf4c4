package io.crmsync.admin;

import io.crmsync.db.Database;
import io.crmsync.exchange.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reads a sync's activity of the last day for its page. */
@ApplicationScoped
public class ActivityAdmin {
  @Inject Database db;

  public List<Activity.Minute> lastDay(long syncId, long now) {
    try (Connection c = db.connection()) {
      return Activity.lastDay(c, syncId, now);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the activity of sync " + syncId + ": " + e.getMessage(), e);
    }
  }
}

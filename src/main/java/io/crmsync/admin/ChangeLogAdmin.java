package io.crmsync.admin;

import io.crmsync.db.Database;
import io.crmsync.log.LogQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The change log as the admin API and the settings page read it, so that neither of them opens a
 * connection itself. A database error keeps its own message (the API shows it as the reason of
 * a 500, the page wraps it).
 */
@ApplicationScoped
public class ChangeLogAdmin {
  @Inject Database db;

  /** The entries the filter selects, newest first. */
  public List<LogQuery.Entry> find(LogQuery.Filter filter) {
    try (Connection c = db.connection()) {
      return LogQuery.find(c, filter);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}

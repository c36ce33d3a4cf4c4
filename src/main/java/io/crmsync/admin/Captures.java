package io.crmsync.admin;

import io.crmsync.config.ConfigSource;
import io.crmsync.db.Database;
import io.crmsync.db.TableInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Installs capture triggers on tables that get synced fields, and removes them when unused. */
@ApplicationScoped
public class Captures {
  private static final Logger LOG = Logger.getLogger(Captures.class.getName());

  @Inject Database db;
  @Inject ConfigSource configs;

  public void ensure(TableInfo table) {
    try (Connection c = db.connection()) {
      db.dialect().installCapture(c, table);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot install the capture trigger on " + table.name() + ": " + e.getMessage(), e);
    }
  }

  /** Removes the triggers of those of {@code tables} that no sync uses any more. */
  public void removeUnused(Collection<String> tables) {
    Set<String> synced = configs.config().syncedTables();
    try (Connection c = db.connection()) {
      for (String t : tables) {
        if (!synced.contains(t)) {
          db.dialect().removeCapture(c, t);
        }
      }
    } catch (SQLException e) {
      // Harmless: an unused trigger only records rows that versioning then ignores.
      LOG.log(Level.WARNING, "crm-sync: could not remove an unused capture trigger", e);
    }
  }
}

package io.crmsync.admin;

import io.crmsync.db.Database;
import io.crmsync.db.TableInfo;
import io.crmsync.log.ConflictDetail;
import io.crmsync.log.LogQuery;
import io.crmsync.log.OriginNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

  /**
   * The boolean columns among those these rows name, as {@code table.column} in lower case, so the
   * page can show {@code true}/{@code false} as yes/no. Table metadata comes from the cache.
   */
  public Set<String> booleanColumns(List<LogQuery.Entry> rows) {
    Set<String> out = new HashSet<>();
    Set<String> tables = new HashSet<>();
    rows.forEach(e -> tables.add(e.table()));
    try (Connection c = db.connection()) {
      for (String name : tables) {
        Optional<TableInfo> t = name == null ? Optional.empty() : db.table(c, name);
        t.ifPresent(info -> info.columns().stream()
            .filter(col -> col.jdbcType() == Types.BOOLEAN || col.jdbcType() == Types.BIT)
            .forEach(col -> out.add((name + "." + col.name()).toLowerCase(Locale.ROOT))));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return out;
  }

  /** The known names of the programs the conflicts of these rows involve, by program id. */
  public Map<String, String> names(List<LogQuery.Entry> rows) {
    Set<String> ids = new HashSet<>();
    for (LogQuery.Entry e : rows) {
      if (e.conflict()) {
        ConflictDetail.origins(e.conflictDetail()).forEach(ids::add);
      }
    }
    if (ids.isEmpty()) {
      return Map.of();
    }
    try (Connection c = db.connection()) {
      return OriginNames.of(c, ids);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}

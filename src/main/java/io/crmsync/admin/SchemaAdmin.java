package io.crmsync.admin;

import io.crmsync.db.Database;
import io.crmsync.db.SchemaReader;
import io.crmsync.db.TableInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The CRM's tables and columns, read from JDBC metadata for the admin API and the settings page,
 * so that neither of them opens a connection itself. A database error keeps its own message.
 */
@ApplicationScoped
public class SchemaAdmin {
  @Inject Database db;

  /** Every CRM table with its columns (crm-sync's own tables left out, as SchemaReader does). */
  public List<TableInfo> tables() {
    try (Connection c = db.connection()) {
      return SchemaReader.tables(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}

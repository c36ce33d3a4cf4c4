package io.crmsync.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The CRM database as a stage receives it: where connections come from, the dialect, and the
 * metadata of its tables (cached by the implementation). The stages that version, build and apply
 * changes get this, never the whole program.
 */
public interface Database {
  /** A new connection in auto-commit mode; the caller closes it. */
  Connection connection() throws SQLException;

  Dialect dialect();

  /** Metadata of a CRM table, if it exists; may be a few seconds old. */
  Optional<TableInfo> table(Connection c, String name) throws SQLException;
}

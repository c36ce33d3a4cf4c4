package io.crmsync.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What differs between the supported databases: identifier quoting, column types of crm-sync's
 * own tables, upserts and capture triggers. Every identifier passed in comes from JDBC metadata.
 */
public interface Dialect {
  String name();

  /** The identifier quoted for SQL (standard double quotes unless the dialect says otherwise). */
  default String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** The column type or clause for a placeholder of the migration scripts (see {@link Migrations}). */
  String type(String placeholder);

  /** Upsert into {@code crmsync_field_version(gid, col, hash, hlc, origin, via_sync)}. */
  String upsertFieldVersion();

  /**
   * Installs the capture trigger(s) of a table if missing; an installed trigger is never dropped
   * and recreated, which would leave a moment in which changes are not captured.
   */
  void installCapture(Connection c, TableInfo table) throws SQLException;

  /** Removes the capture trigger(s) of a table, if any. */
  void removeCapture(Connection c, String table) throws SQLException;

  /** The dialect of the database behind a connection. */
  static Dialect of(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) {
      return new PostgresDialect();
    }
    if (product.contains("mariadb") || product.contains("mysql")) {
      return new MariaDbDialect();
    }
    if (product.contains("h2")) {
      return new H2Dialect();
    }
    throw new SQLException("crm-sync does not support the database " + product);
  }

  /** A string literal for a name that came from metadata. */
  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A short, safe name for a database object derived from a table name. */
  static String objectName(String prefix, String table, int maxLength) {
    String safe = table.replaceAll("[^A-Za-z0-9_]", "_");
    String name = prefix + safe;
    if (name.length() > maxLength) {
      String hash = Integer.toHexString(table.hashCode());
      name = name.substring(0, maxLength - hash.length() - 1) + "_" + hash;
    }
    return name;
  }
}

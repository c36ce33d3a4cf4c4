package io.crmsync.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads the CRM's tables from JDBC metadata; crm-sync's own tables are left out. */
public final class SchemaReader {
  private SchemaReader() {}

  /** Every CRM table of the connection's current schema, ordered by name. */
  public static List<TableInfo> tables(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        if (!name.toLowerCase(Locale.ROOT).startsWith("crmsync_")) {
          names.add(name);
        }
      }
    }
    names.sort(String.CASE_INSENSITIVE_ORDER);
    List<TableInfo> tables = new ArrayList<>();
    for (String name : names) {
      tables.add(read(c, name));
    }
    return tables;
  }

  /** The table with this name (case-insensitive), if it exists and is not crm-sync's own. */
  public static Optional<TableInfo> table(Connection c, String name) throws SQLException {
    if (name == null || name.isBlank() || name.toLowerCase(Locale.ROOT).startsWith("crmsync_")) {
      return Optional.empty();
    }
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String found = rs.getString("TABLE_NAME");
        if (found.equalsIgnoreCase(name)) {
          return Optional.of(read(c, found));
        }
      }
    }
    return Optional.empty();
  }

  private static TableInfo read(Connection c, String name) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String catalog = c.getCatalog();
    String schema = c.getSchema();
    List<ColumnInfo> columns = new ArrayList<>();
    try (ResultSet rs = md.getColumns(catalog, schema, escape(md, name), "%")) {
      while (rs.next()) {
        if (!name.equals(rs.getString("TABLE_NAME"))) {
          continue; // a pattern may still match more than this table
        }
        String def = rs.getString("COLUMN_DEF");
        columns.add(
            new ColumnInfo(
                rs.getString("COLUMN_NAME"),
                rs.getInt("DATA_TYPE"),
                rs.getString("TYPE_NAME"),
                "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT")),
                def != null && !def.isBlank()));
      }
    }
    List<String> pk = new ArrayList<>();
    try (ResultSet rs = md.getPrimaryKeys(catalog, schema, name)) {
      while (rs.next()) {
        pk.add(rs.getString("COLUMN_NAME"));
      }
    }
    Set<String> fks = new HashSet<>();
    try (ResultSet rs = md.getImportedKeys(catalog, schema, name)) {
      while (rs.next()) {
        fks.add(rs.getString("FKCOLUMN_NAME"));
      }
    }
    return new TableInfo(name, pk.size() == 1 ? pk.get(0) : null, columns, fks);
  }

  /** A name as a metadata search pattern that matches only itself ('_' and '%' escaped). */
  static String escape(DatabaseMetaData md, String name) throws SQLException {
    String esc = md.getSearchStringEscape();
    if (esc == null || esc.isEmpty()) {
      return name;
    }
    return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
  }
}

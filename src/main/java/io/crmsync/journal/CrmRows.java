package io.crmsync.journal;

import io.crmsync.db.ColumnInfo;
import io.crmsync.db.Dialect;
import io.crmsync.db.Sql;
import io.crmsync.db.TableInfo;
import io.crmsync.db.Values;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads rows of a CRM table: chosen columns, by local id or by ranges of ids, values in their
 * text form (see {@link Values}). Identifiers come from metadata and are quoted by the dialect.
 */
public final class CrmRows {
  private final Dialect dialect;
  private final TableInfo table;
  private final List<ColumnInfo> columns;

  public CrmRows(Dialect dialect, TableInfo table, List<ColumnInfo> columns) {
    this.dialect = dialect;
    this.table = table;
    this.columns = List.copyOf(columns);
  }

  public List<ColumnInfo> columns() {
    return columns;
  }

  /** The rows with these local ids, keyed by id; ids without a row are absent. */
  public Map<String, String[]> byIds(Connection c, Collection<String> ids, boolean forUpdate)
      throws SQLException {
    Map<String, String[]> rows = new LinkedHashMap<>();
    ColumnInfo pk = table.primaryKeyColumn();
    for (List<String> chunk : Sql.chunks(ids)) {
      String sql =
          select()
              + " WHERE "
              + dialect.quote(pk.name())
              + " IN ("
              + Sql.placeholders(chunk.size())
              + ")"
              + (forUpdate ? " FOR UPDATE" : "");
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        for (String id : chunk) {
          Values.bind(ps, i++, pk, id);
        }
        collect(ps, rows);
      }
    }
    return rows;
  }

  /**
   * Up to {@code limit} rows with ids after {@code afterId} (null: from the start), in id order.
   * An integer id goes into the SQL as a number (parsed, so nothing but digits): bound, PostgreSQL
   * would keep the generic plan it made while the table was small (a scan and sort of the whole
   * table for every batch of an initial load); with the number every batch is an index range.
   */
  public Map<String, String[]> after(Connection c, String afterId, int limit) throws SQLException {
    ColumnInfo pk = table.primaryKeyColumn();
    String q = dialect.quote(pk.name());
    Long literal = afterId != null && pk.isInteger() ? Long.valueOf(Long.parseLong(afterId.trim())) : null;
    String condition =
        afterId == null ? "" : " WHERE " + q + " > " + (literal != null ? literal.toString() : "?");
    String sql = select() + condition + " ORDER BY " + q + " LIMIT " + limit;
    Map<String, String[]> rows = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (afterId != null && literal == null) {
        Values.bind(ps, 1, pk, afterId);
      }
      collect(ps, rows);
    }
    return rows;
  }

  private String select() {
    List<String> names = new ArrayList<>();
    names.add(dialect.quote(table.primaryKey()));
    for (ColumnInfo col : columns) {
      String q = dialect.quote(col.name());
      names.add(Values.isBinary(col) ? dialect.readBinary(q) : q);
    }
    return "SELECT " + String.join(", ", names) + " FROM " + dialect.quote(table.name());
  }

  private void collect(PreparedStatement ps, Map<String, String[]> rows) throws SQLException {
    ColumnInfo pk = table.primaryKeyColumn();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String[] values = new String[columns.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = Values.read(rs, i + 2, columns.get(i));
        }
        rows.put(Values.read(rs, 1, pk), values);
      }
    }
  }
}

package io.crmsync.db;

import io.crmsync.db.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Rows for one INSERT (or upsert) collected in memory and written as multi-row statements ({@code
 * VALUES (…), (…), …}). A JDBC batch of single-row statements still costs the database one
 * statement per row (on PostgreSQL the benchmark logged about 30 per applied row); one statement
 * per few hundred rows is what makes loads fast. Runs in the caller's transaction.
 */
public final class MultiRowInsert {
  /** Most rows in one statement: bounded by the parameter limits (PostgreSQL: 32,767). */
  private static final int MAX_PARAMETERS = 20_000;
  /** Most rows in one statement of the array form (PostgreSQL). */
  private static final int ARRAY_ROWS = 5000;

  private final Connection c;
  private final IntFunction<String> sqlForRows;
  private final int[] sqlTypes;
  private final int maxRows;
  private final List<Object[]> rows = new ArrayList<>();
  /** PostgreSQL: the statement that takes the rows as one text array per column, or null. */
  private String arraySql;

  /**
   * @param sqlForRows the statement for a number of rows
   * @param sqlTypes the {@link java.sql.Types} of the columns, used to bind NULLs
   */
  public MultiRowInsert(Connection c, IntFunction<String> sqlForRows, int... sqlTypes) {
    this.c = c;
    this.sqlForRows = sqlForRows;
    this.sqlTypes = sqlTypes.clone();
    this.maxRows = Math.max(1, Math.min(1000, MAX_PARAMETERS / sqlTypes.length));
  }

  /**
   * A plain insert of rows: {@code insertInto VALUES (…), (…)}, or the array form on PostgreSQL
   * (see {@link #arraysOnPostgres}).
   *
   * @param insertInto {@code INSERT INTO t(a, b)}, the columns in the order of the values
   */
  public static MultiRowInsert into(
      Connection c, Dialect dialect, String insertInto, int... sqlTypes) {
    return new MultiRowInsert(
            c, n -> insertInto + " VALUES " + Dialect.tuples(n, sqlTypes.length), sqlTypes)
        .arraysOnPostgres(dialect, insertInto, "");
  }

  /**
   * On PostgreSQL, writes the rows with one statement per {@value #ARRAY_ROWS} rows that binds one
   * text array per column: {@code INSERT INTO t(a, b) SELECT c1, c2::bigint FROM
   * unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(c1, c2, n) ORDER BY n}, then {@code tail}
   * (e.g. {@code ON CONFLICT …}). The driver binds a few arrays instead of up to 20,000
   * parameters; the server's time for the rows stayed about the same (benchmark, issue 5). Other
   * databases keep the VALUES form.
   *
   * @param insertInto {@code INSERT INTO t(a, b)}, the columns in the order of the values
   */
  public MultiRowInsert arraysOnPostgres(Dialect dialect, String insertInto, String tail) {
    if (!"PostgreSQL".equals(dialect.name())) {
      return this;
    }
    StringBuilder select = new StringBuilder(insertInto).append(" SELECT ");
    StringBuilder from = new StringBuilder(" FROM unnest(");
    StringBuilder names = new StringBuilder(" AS u(");
    for (int i = 0; i < sqlTypes.length; i++) {
      String sep = i == 0 ? "" : ", ";
      select.append(sep).append('c').append(i + 1).append(cast(sqlTypes[i]));
      from.append(sep).append("?::text[]");
      names.append(sep).append('c').append(i + 1);
    }
    // WITH ORDINALITY … ORDER BY: identity values (journal seq, log id) follow the order of add
    this.arraySql =
        select.append(from).append(") WITH ORDINALITY").append(names).append(", n) ORDER BY n")
            .append(tail).toString();
    return this;
  }

  private static String cast(int sqlType) {
    return switch (sqlType) {
      case Types.VARCHAR -> "";
      case Types.BIGINT -> "::bigint";
      case Types.INTEGER -> "::integer";
      case Types.TIMESTAMP -> "::timestamp";
      default -> throw new IllegalArgumentException("no array form for SQL type " + sqlType);
    };
  }

  public void add(Object... values) {
    if (values.length != sqlTypes.length) {
      throw new IllegalArgumentException("expected " + sqlTypes.length + " values, got " + values.length);
    }
    rows.add(values);
  }

  public int pending() {
    return rows.size();
  }

  /** Forgets the collected rows (their work was rolled back). */
  public void clear() {
    rows.clear();
  }

  /** Writes the collected rows, in the order they were added. */
  public void flush() throws SQLException {
    write(rows);
    rows.clear();
  }

  /** Writes the given rows (for callers that collect their own, e.g. de-duplicated). */
  public void write(List<Object[]> toWrite) throws SQLException {
    if (arraySql != null) {
      writeArrays(toWrite);
      return;
    }
    for (int from = 0; from < toWrite.size(); from += maxRows) {
      List<Object[]> part = toWrite.subList(from, Math.min(toWrite.size(), from + maxRows));
      try (PreparedStatement ps = c.prepareStatement(sqlForRows.apply(part.size()))) {
        int i = 1;
        for (Object[] row : part) {
          for (int col = 0; col < row.length; col++) {
            if (row[col] == null) {
              ps.setNull(i++, sqlTypes[col]);
            } else {
              ps.setObject(i++, row[col]);
            }
          }
        }
        ps.executeUpdate();
      }
    }
  }

  private void writeArrays(List<Object[]> toWrite) throws SQLException {
    for (int from = 0; from < toWrite.size(); from += ARRAY_ROWS) {
      List<Object[]> part = toWrite.subList(from, Math.min(toWrite.size(), from + ARRAY_ROWS));
      try (PreparedStatement ps = c.prepareStatement(arraySql)) {
        for (int col = 0; col < sqlTypes.length; col++) {
          String[] values = new String[part.size()];
          for (int r = 0; r < values.length; r++) {
            Object v = part.get(r)[col];
            // a LocalDateTime becomes ISO text, which PostgreSQL reads as a timestamp
            values[r] = v == null ? null : v.toString();
          }
          ps.setArray(col + 1, c.createArrayOf("text", values));
        }
        ps.executeUpdate();
      }
    }
  }
}

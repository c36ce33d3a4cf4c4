package io.crmsync.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

  private final Connection c;
  private final IntFunction<String> sqlForRows;
  private final int[] sqlTypes;
  private final int maxRows;
  private final List<Object[]> rows = new ArrayList<>();

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
}

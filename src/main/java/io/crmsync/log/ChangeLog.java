package io.crmsync.log;

import io.crmsync.db.Dialect;
import io.crmsync.db.Values;
import io.crmsync.journal.MultiRowInsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Writes change-log rows in the caller's transaction, as multi-row inserts when flushed; times are
 * UTC.
 */
public final class ChangeLog implements AutoCloseable {
  public static final String IN = "IN";
  public static final String OUT = "OUT";
  private static final int MAX_VALUE = 4000;

  private final MultiRowInsert insert;
  private final long syncId;
  private final String syncName;

  private static final String INSERT =
      "INSERT INTO crmsync_log(at, sync_id, sync_name, direction, tbl, record_id, col, old_value,"
          + " new_value, origin)";

  public ChangeLog(Connection c, Dialect dialect, long syncId, String syncName) {
    this.insert =
        new MultiRowInsert(c, n -> INSERT + " VALUES " + Dialect.tuples(n, 10),
            Types.TIMESTAMP, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR)
            .arraysOnPostgres(dialect, INSERT, "");
    this.syncId = syncId;
    this.syncName = syncName;
  }

  public void add(
      String direction,
      String table,
      String recordId,
      String column,
      String oldValue,
      String newValue,
      String origin)
      throws SQLException {
    insert.add(
        LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS),
        syncId,
        syncName,
        direction,
        table,
        recordId,
        column,
        cut(oldValue),
        cut(newValue),
        origin);
    if (insert.pending() >= 5000) {
      flush();
    }
  }

  private static String cut(String v) {
    return v == null || v.length() <= MAX_VALUE ? v : Values.abbreviate(v.substring(0, MAX_VALUE));
  }

  public void flush() throws SQLException {
    insert.flush();
  }

  /**
   * Removes the rows written before {@code before} (UTC); returns how many. Log ids grow with
   * time, so the rows to keep start at the first id written since then: found by reading the
   * primary key in order from the oldest row, which reads the rows to remove and one more. A
   * condition on {@code at} alone read the whole log (no index on it: one would cost every row
   * written): 6 million rows every ten minutes on the benchmark's receiving side. A row written a
   * few milliseconds out of order by a concurrent transaction may stay one round longer.
   */
  public static int trim(Connection c, LocalDateTime before) throws SQLException {
    Long keepFrom = null;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM crmsync_log WHERE at >= ? ORDER BY id LIMIT 1")) {
      ps.setTimestamp(1, Timestamp.valueOf(before));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          keepFrom = rs.getLong(1);
        }
      }
    }
    String delete = keepFrom == null ? "DELETE FROM crmsync_log" : "DELETE FROM crmsync_log WHERE id < ?";
    try (PreparedStatement ps = c.prepareStatement(delete)) {
      if (keepFrom != null) {
        ps.setLong(1, keepFrom);
      }
      return ps.executeUpdate();
    }
  }

  /** Forgets the rows not yet written (their work was rolled back to a savepoint). */
  public void discard() {
    insert.clear();
  }

  @Override
  public void close() {
    // Nothing held: statements are made and closed by each flush.
  }
}

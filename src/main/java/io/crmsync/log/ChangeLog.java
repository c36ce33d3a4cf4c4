package io.crmsync.log;

import io.crmsync.db.Dialect;
import io.crmsync.db.MultiRowInsert;
import io.crmsync.db.Values;
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
  private static final String INSERT =
      "INSERT INTO crmsync_log(at, sync_id, sync_name, direction, tbl, record_id, col, old_value,"
          + " new_value, origin, conflict_detail)";

  private final MultiRowInsert insert;
  private final long syncId;
  private final String syncName;

  public ChangeLog(Connection c, Dialect dialect, long syncId, String syncName) {
    this.insert =
        MultiRowInsert.into(c, dialect, INSERT,
            Types.TIMESTAMP, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR);
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
    add(direction, table, recordId, column, oldValue, newValue, origin, null);
  }

  /** A row; {@code conflictDetail} explains a conflict ({@link ConflictDetail}), null for none. */
  public void add(
      String direction,
      String table,
      String recordId,
      String column,
      String oldValue,
      String newValue,
      String origin,
      String conflictDetail)
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
        origin,
        conflictDetail);
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
   * time, so the rows to remove are the ids from the oldest up to the first one written since
   * then, found by reading the primary key in order, and nothing is deleted when nothing is old
   * enough. The delete names both ends of that range. The benchmark's receiver read all its 6
   * million log rows every ten minutes, first with a condition on {@code at} (no index on it: one
   * would cost every row written) and then with {@code id < ?} alone (627 ms for {@code id < 1}).
   * A row written a few milliseconds out of order by a concurrent transaction may stay one round
   * longer.
   */
  public static int trim(Connection c, LocalDateTime before) throws SQLException {
    Long oldest = firstId(c, "SELECT id FROM crmsync_log ORDER BY id LIMIT 1", null);
    if (oldest == null) {
      return 0;
    }
    Long keepFrom =
        firstId(c, "SELECT id FROM crmsync_log WHERE at >= ? ORDER BY id LIMIT 1", before);
    if (keepFrom == null) {
      keepFrom = firstId(c, "SELECT id FROM crmsync_log ORDER BY id DESC LIMIT 1", null) + 1;
    }
    if (keepFrom <= oldest) {
      return 0;
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM crmsync_log WHERE id >= ? AND id < ?")) {
      ps.setLong(1, oldest);
      ps.setLong(2, keepFrom);
      return ps.executeUpdate();
    }
  }

  private static Long firstId(Connection c, String sql, LocalDateTime at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (at != null) {
        ps.setTimestamp(1, Timestamp.valueOf(at));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
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

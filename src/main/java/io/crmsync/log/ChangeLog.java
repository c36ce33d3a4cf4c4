package io.crmsync.log;

import io.crmsync.db.Values;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Writes change-log rows in the caller's transaction, batched; times are UTC. */
public final class ChangeLog implements AutoCloseable {
  public static final String IN = "IN";
  public static final String OUT = "OUT";
  private static final int MAX_VALUE = 4000;

  private final PreparedStatement insert;
  private final long syncId;
  private final String syncName;
  private int pending;

  public ChangeLog(Connection c, long syncId, String syncName) throws SQLException {
    this.insert =
        c.prepareStatement(
            "INSERT INTO crmsync_log(at, sync_id, sync_name, direction, tbl, record_id, col,"
                + " old_value, new_value, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
    insert.setObject(1, LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
    insert.setLong(2, syncId);
    insert.setString(3, syncName);
    insert.setString(4, direction);
    insert.setString(5, table);
    insert.setString(6, recordId);
    insert.setString(7, column);
    insert.setString(8, cut(oldValue));
    insert.setString(9, cut(newValue));
    insert.setString(10, origin);
    insert.addBatch();
    if (++pending >= 500) {
      flush();
    }
  }

  private static String cut(String v) {
    return v == null || v.length() <= MAX_VALUE ? v : Values.abbreviate(v.substring(0, MAX_VALUE));
  }

  public void flush() throws SQLException {
    if (pending > 0) {
      insert.executeBatch();
      pending = 0;
    }
  }

  @Override
  public void close() throws SQLException {
    insert.close();
  }
}

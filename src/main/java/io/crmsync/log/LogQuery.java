package io.crmsync.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads the change log, newest first, with optional filters and paging. */
public final class LogQuery {
  /** One row of the change log; {@code at} is UTC. */
  public record Entry(
      long id,
      LocalDateTime at,
      long syncId,
      String sync,
      String direction,
      String table,
      String recordId,
      String column,
      String oldValue,
      String newValue,
      String origin,
      String originName,
      String conflictDetail) {
    /** Whether the row records a conflict ({@code conflictDetail} explains it). */
    public boolean conflict() {
      return conflictDetail != null;
    }
  }

  /** Filters; null members do not filter; {@code conflict} true keeps only conflicts. */
  public record Filter(
      Long syncId,
      String table,
      String direction,
      LocalDateTime from,
      LocalDateTime to,
      int limit,
      int offset,
      Boolean conflict) {
    public Filter(
        Long syncId, String table, String direction, LocalDateTime from, LocalDateTime to, int limit, int offset) {
      this(syncId, table, direction, from, to, limit, offset, null);
    }
  }

  private LogQuery() {}

  public static List<Entry> find(Connection c, Filter f) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT l.id, l.at, l.sync_id, l.sync_name, l.direction, l.tbl, l.record_id, l.col,"
                + " l.old_value, l.new_value, l.origin, o.name, l.conflict_detail FROM crmsync_log l"
                + " LEFT JOIN crmsync_origin o ON o.origin = l.origin WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (f.syncId() != null) {
      sql.append(" AND l.sync_id = ?");
      args.add(f.syncId());
    }
    if (f.table() != null) {
      sql.append(" AND LOWER(l.tbl) = LOWER(?)");
      args.add(f.table());
    }
    if (f.direction() != null) {
      sql.append(" AND l.direction = ?");
      args.add(f.direction());
    }
    if (f.from() != null) {
      sql.append(" AND l.at >= ?");
      args.add(Timestamp.valueOf(f.from()));
    }
    if (f.to() != null) {
      sql.append(" AND l.at < ?");
      args.add(Timestamp.valueOf(f.to()));
    }
    if (f.conflict() != null) {
      sql.append(f.conflict() ? " AND l.conflict_detail IS NOT NULL" : " AND l.conflict_detail IS NULL");
    }
    sql.append(" ORDER BY l.id DESC LIMIT ").append(f.limit()).append(" OFFSET ").append(f.offset());
    List<Entry> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Entry(
                  rs.getLong(1),
                  rs.getTimestamp(2).toLocalDateTime(),
                  rs.getLong(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  rs.getString(11),
                  rs.getString(12),
                  rs.getString(13)));
        }
      }
    }
    return out;
  }
}

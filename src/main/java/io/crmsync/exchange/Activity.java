package io.crmsync.exchange;

import io.crmsync.core.Batch;
import io.crmsync.core.FieldValue;
import io.crmsync.core.Hlc;
import io.crmsync.core.RecordChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A sync's activity per minute for the last day ({@code crmsync_activity}): records received and
 * sent, and the delay between an edit and its arrival here (sum and count, so a minute's average).
 * Written only for a pass that moved records, so an idle cycle costs nothing; minutes older than a
 * day are removed when a new minute starts.
 */
public final class Activity {
  /** How much is kept and shown. */
  public static final long WINDOW_MINUTES = 24 * 60;

  private Activity() {}

  /** One minute of a sync's activity; {@code minute} is epoch minutes. */
  public record Minute(long minute, int received, int sent, long delayMillisSum, int delayCount) {
    /** The average delay from edit to arrival in the minute, milliseconds; -1 if nothing arrived. */
    public long averageDelayMillis() {
      return delayCount == 0 ? -1 : delayMillisSum / delayCount;
    }
  }

  /** Records received in a pass, with the sum of their delays from edit to {@code now}. */
  public record Arrivals(int records, long delayMillisSum) {
    public static final Arrivals NONE = new Arrivals(0, 0);

    /** The records of the batches; a record's edit time is that of its newest value or deletion. */
    public static Arrivals of(List<Batch> batches, long now) {
      int n = 0;
      long sum = 0;
      for (Batch b : batches) {
        for (RecordChange r : b.records()) {
          long edited = r.isDeleted() ? Hlc.millis(r.deletedHlc()) : 0;
          for (FieldValue v : r.values()) {
            edited = Math.max(edited, Hlc.millis(v.hlc()));
          }
          n++;
          // A peer's clock ahead of this one would make a negative delay: it counts as none.
          sum += edited == 0 ? 0 : Math.max(0, now - edited);
        }
      }
      return new Arrivals(n, sum);
    }

    public Arrivals plus(Arrivals o) {
      return new Arrivals(records + o.records, delayMillisSum + o.delayMillisSum);
    }
  }

  /** Adds a pass's records to the minute of {@code now} (auto-commit connection). */
  public static void record(Connection c, long syncId, long now, Arrivals received, int sent) throws SQLException {
    if (received.records() == 0 && sent == 0) {
      return;
    }
    long minute = now / 60_000;
    if (add(c, syncId, minute, received, sent) > 0) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO crmsync_activity(sync_id, at_minute, received, sent, delay_ms_sum, delay_count)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, syncId);
      ps.setLong(2, minute);
      ps.setInt(3, received.records());
      ps.setInt(4, sent);
      ps.setLong(5, received.delayMillisSum());
      ps.setInt(6, received.records());
      ps.executeUpdate();
    } catch (SQLException e) {
      // Another member (or the passive side's other request) made the minute's row just now.
      if (e.getSQLState() == null || !e.getSQLState().startsWith("23") || add(c, syncId, minute, received, sent) == 0) {
        throw e;
      }
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM crmsync_activity WHERE sync_id = ? AND at_minute <= ?")) {
      ps.setLong(1, syncId);
      ps.setLong(2, minute - WINDOW_MINUTES);
      ps.executeUpdate();
    }
  }

  private static int add(Connection c, long syncId, long minute, Arrivals received, int sent) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_activity SET received = received + ?, sent = sent + ?,"
                + " delay_ms_sum = delay_ms_sum + ?, delay_count = delay_count + ?"
                + " WHERE sync_id = ? AND at_minute = ?")) {
      ps.setInt(1, received.records());
      ps.setInt(2, sent);
      ps.setLong(3, received.delayMillisSum());
      ps.setInt(4, received.records());
      ps.setLong(5, syncId);
      ps.setLong(6, minute);
      return ps.executeUpdate();
    }
  }

  /** The minutes with activity in the day before {@code now}, oldest first. */
  public static List<Minute> lastDay(Connection c, long syncId, long now) throws SQLException {
    List<Minute> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT at_minute, received, sent, delay_ms_sum, delay_count FROM crmsync_activity"
                + " WHERE sync_id = ? AND at_minute > ? ORDER BY at_minute")) {
      ps.setLong(1, syncId);
      ps.setLong(2, now / 60_000 - WINDOW_MINUTES);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Minute(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getLong(4), rs.getInt(5)));
        }
      }
    }
    return out;
  }
}

package io.crmsync.exchange;

import io.crmsync.core.ConflictPolicy;
import io.crmsync.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A sync's progress: how far the peer acknowledged this program's journal ({@code outCursor}),
 * the batch sent and not yet acknowledged ({@code pending*}), and the peer's last batch applied
 * here ({@code inSeq}). The cursor moves only when the peer acknowledges.
 */
public record SyncState(
    long syncId,
    long outCursor,
    long outSeq,
    long pendingSeq,
    long pendingEnd,
    String pendingLoadTable,
    String pendingLoadPk,
    Long pendingLoadGen,
    boolean pendingLoadDone,
    long inSeq,
    long reloadRequested,
    long pendingReload) {

  /** The state of a sync, created on first use. */
  public static SyncState load(Connection c, long syncId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT out_cursor, out_seq, pending_seq, pending_end, pending_load_tbl,"
                + " pending_load_pk, pending_load_gen, pending_load_done, in_seq, reload_requested,"
                + " pending_reload FROM crmsync_sync_state WHERE sync_id = ?")) {
      ps.setLong(1, syncId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long gen = rs.getLong(7);
          Long loadGen = rs.wasNull() ? null : gen;
          return new SyncState(
              syncId,
              rs.getLong(1),
              rs.getLong(2),
              rs.getLong(3),
              rs.getLong(4),
              rs.getString(5),
              rs.getString(6),
              loadGen,
              rs.getBoolean(8),
              rs.getLong(9),
              rs.getLong(10),
              rs.getLong(11));
        }
      }
    }
    create(c, syncId);
    return new SyncState(syncId, 0, 0, 0, 0, null, null, null, false, 0, 0, 0);
  }

  /** Creates the state row; the journal cursor starts at the current end of the journal. */
  public static void create(Connection c, long syncId) throws SQLException {
    long end;
    try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM crmsync_journal");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      end = rs.getLong(1);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO crmsync_sync_state(sync_id, out_cursor, out_seq, pending_seq, pending_end,"
                + " in_seq) VALUES (?, ?, 0, 0, ?, 0)")) {
      ps.setLong(1, syncId);
      ps.setLong(2, end);
      ps.setLong(3, end);
      ps.executeUpdate();
    }
  }

  /** Asks the peer, in the next batch, to send its existing rows again (see Batch#reload). */
  public static void requestReload(Connection c, long syncId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_sync_state SET reload_requested = reload_requested + 1 WHERE sync_id = ?")) {
      ps.setLong(1, syncId);
      ps.executeUpdate();
    }
  }

  /**
   * Remembers the batch just built as sent and awaiting acknowledgement; returns the state after
   * that.
   */
  public SyncState sent(Connection c, Outgoing out) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_sync_state SET out_seq = ?, pending_seq = ?, pending_end = ?,"
                + " pending_load_tbl = ?, pending_load_pk = ?, pending_load_gen = ?,"
                + " pending_load_done = ?, pending_reload = ? WHERE sync_id = ?")) {
      ps.setLong(1, out.batch().seq());
      ps.setLong(2, out.batch().seq());
      ps.setLong(3, out.journalEnd());
      ps.setString(4, out.loadTable());
      ps.setString(5, out.loadPk());
      Sql.setNullableLong(ps, 6, out.loadGen());
      ps.setBoolean(7, out.loadDone());
      ps.setLong(8, out.reloadRequested());
      ps.setLong(9, syncId);
      ps.executeUpdate();
    }
    return new SyncState(
        syncId, outCursor, out.batch().seq(), out.batch().seq(), out.journalEnd(), out.loadTable(),
        out.loadPk(), out.loadGen(), out.loadDone(), inSeq, reloadRequested, out.reloadRequested());
  }

  /**
   * Takes the peer's acknowledgement: if it names the pending batch, the journal cursor and the
   * initial load move past what that batch carried. Any other number changes nothing, and the
   * next batch is built from the old cursor again. Returns the state after that.
   */
  public SyncState acknowledge(Connection c, long ack) throws SQLException {
    if (pendingSeq == 0 || ack != pendingSeq) {
      return this;
    }
    if (pendingLoadTable != null && pendingLoadGen != null) {
      Loads.advance(c, syncId, pendingLoadTable, pendingLoadGen, pendingLoadPk, pendingLoadDone);
    }
    long cursor = Math.max(outCursor, pendingEnd);
    long reload = reloadRequested;
    // A reload request made after the acknowledged batch was built stays for the next batch. The
    // comparison is made on the row as it is now (a concurrent request may just have added one).
    String clearReload =
        pendingReload > 0
            ? ", reload_requested = CASE WHEN reload_requested = pending_reload THEN 0"
                + " ELSE reload_requested END"
            : "";
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_sync_state SET out_cursor = ?, pending_seq = 0,"
                + " pending_load_tbl = NULL, pending_load_pk = NULL, pending_load_gen = NULL"
                + clearReload + " WHERE sync_id = ? AND pending_seq = ?")) {
      ps.setLong(1, cursor);
      ps.setLong(2, syncId);
      ps.setLong(3, pendingSeq);
      ps.executeUpdate();
    }
    if (pendingReload > 0 && reload == pendingReload) {
      reload = 0;
    }
    return new SyncState(
        syncId, cursor, outSeq, 0, pendingEnd, null, null, null, pendingLoadDone, inSeq, reload, pendingReload);
  }

  /**
   * Records that the peer's batch {@code seq} was applied here (acknowledged in the next one) and
   * that the exchange succeeded: one statement for both. Returns the state after that.
   */
  public SyncState received(Connection c, long seq) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_sync_state SET in_seq = ?, last_success_at = ?, last_attempt_at = ?,"
                + " last_error = NULL WHERE sync_id = ?")) {
      Timestamp now = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
      ps.setLong(1, seq);
      ps.setTimestamp(2, now);
      ps.setTimestamp(3, now);
      ps.setLong(4, syncId);
      ps.executeUpdate();
    }
    return new SyncState(
        syncId, outCursor, outSeq, pendingSeq, pendingEnd, pendingLoadTable, pendingLoadPk,
        pendingLoadGen, pendingLoadDone, seq, reloadRequested, pendingReload);
  }

  /** Marks a successful exchange with the peer. */
  public static void success(Connection c, long syncId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_sync_state SET last_success_at = ?, last_attempt_at = ?,"
                + " last_error = NULL WHERE sync_id = ?")) {
      Timestamp now = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
      ps.setTimestamp(1, now);
      ps.setTimestamp(2, now);
      ps.setLong(3, syncId);
      ps.executeUpdate();
    }
  }

  /** Marks a failed attempt, with a message for the administrator (auto-commit connection). */
  public static void failure(Connection c, long syncId, String error) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_sync_state SET last_attempt_at = ?, last_error = ? WHERE sync_id = ?")) {
      ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC)));
      String e = error == null ? "unknown error" : error;
      ps.setString(2, e.length() > 2000 ? e.substring(0, 2000) : e);
      ps.setLong(3, syncId);
      ps.executeUpdate();
    }
  }

  /** The conflict policy the active peer last told this (passive) sync; null if none yet. */
  public static ConflictPolicy learnedPolicy(Connection c, long syncId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT peer_policy FROM crmsync_sync_state WHERE sync_id = ?")) {
      ps.setLong(1, syncId);
      try (ResultSet rs = ps.executeQuery()) {
        String p = rs.next() ? rs.getString(1) : null;
        return p == null ? null : ConflictPolicy.parse(p);
      }
    }
  }

  /** Keeps the conflict policy the active peer told this (passive) sync. */
  public static void learnPolicy(Connection c, long syncId, ConflictPolicy policy) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_sync_state SET peer_policy = ? WHERE sync_id = ?"
                + " AND (peer_policy IS NULL OR peer_policy <> ?)")) {
      ps.setString(1, policy.name());
      ps.setLong(2, syncId);
      ps.setString(3, policy.name());
      ps.executeUpdate();
    }
  }
}

package io.crmsync.journal;

import io.crmsync.db.Dialect;
import io.crmsync.db.MultiRowInsert;
import io.crmsync.db.Sql;
import io.crmsync.db.VersionCodec.Version;
import io.crmsync.db.VersionCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * crm-sync's bookkeeping of records: global ids ({@code crmsync_record}), per-field versions
 * ({@code crmsync_version}, one row per record holding the versions of all its fields, see {@link
 * VersionCodec}) and the journal ({@code crmsync_journal}). Writes are collected and sent as
 * multi-row statements by {@link #flush}; all of it runs in the caller's transaction.
 *
 * <p>A record's row of versions is rewritten whole, so the store keeps the versions it has read or
 * written in this transaction ({@code stored}); a record whose versions it has not seen is read
 * before its row is written. A record it inserted itself has none yet: versions are written only
 * after the record's row, whose insert fails if the gid exists.
 */
public final class VersionStore implements AutoCloseable {
  /** A record's bookkeeping row; {@code localId} is null once the record was deleted here. */
  public record RecordRow(
      String gid, String table, String localId, Long deletedHlc, String deletedOrigin) {}

  private static final int PENDING_LIMIT = 5000;
  private static final int STORED_LIMIT = 5_000;

  private final Connection c;
  /** PostgreSQL: local ids as one array parameter (see {@link #gidsOf}). */
  private final boolean arrayParameter;
  private final MultiRowInsert upsert;
  private final MultiRowInsert journal;
  private final MultiRowInsert records;
  /** Versions to write: per gid, the last per column (only the last of two in one flush counts). */
  private final Map<String, Map<String, Version>> pending = new LinkedHashMap<>();
  private int pendingFields;
  /** The versions of records as stored now, in this transaction (read, written or new). */
  private final Map<String, Map<String, Version>> stored = new HashMap<>();
  /** Whether a change of (table) that arrived through (sync) may be relayed by another sync. */
  private BiPredicate<String, Long> relayed = (table, viaSync) -> true;
  private final Map<String, Boolean> relayedCache = new HashMap<>();

  public VersionStore(Connection c, Dialect dialect) {
    this.c = c;
    this.arrayParameter = "PostgreSQL".equals(dialect.name());
    this.upsert =
        new MultiRowInsert(c, dialect::upsertVersions, Types.VARCHAR, Types.VARCHAR)
            .arraysOnPostgres(dialect, "INSERT INTO crmsync_version(gid, fields)",
                " ON CONFLICT (gid) DO UPDATE SET fields = EXCLUDED.fields");
    this.journal =
        MultiRowInsert.into(c, dialect,
            "INSERT INTO crmsync_journal(gid, tbl, col, op, hlc, origin, via_sync)",
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.VARCHAR,
            Types.BIGINT);
    this.records =
        MultiRowInsert.into(c, dialect, "INSERT INTO crmsync_record(gid, tbl, local_id)",
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR);
  }

  /** Global ids of the records of {@code table} with these local ids: local id to gid. */
  public Map<String, String> gidsOf(String table, Collection<String> localIds) throws SQLException {
    Map<String, String> out = new HashMap<>();
    if (arrayParameter) {
      // PostgreSQL plans a statement once generically (pgjdbc prepares it on the server after 5
      // uses). Planned while crmsync_record was still small, both "local_id IN (?, ...)" and
      // "local_id = ANY (?)" became an index scan on tbl alone that filters every record of the
      // table (3.6 s for 500 ids at 70,000 records; the ANY form too, seen in the benchmark's
      // JFR recording). One lookup per id by the whole unique key cannot be planned that way.
      for (List<String> chunk : Sql.chunks(localIds)) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT k.id, (SELECT r.gid FROM crmsync_record r WHERE r.tbl = ? AND r.local_id = k.id)"
                    + " FROM unnest(?) AS k(id)")) {
          ps.setString(1, table);
          ps.setArray(2, c.createArrayOf("varchar", chunk.toArray()));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              if (rs.getString(2) != null) {
                out.put(rs.getString(1), rs.getString(2));
              }
            }
          }
        }
      }
      return out;
    }
    query(
        "SELECT local_id, gid FROM crmsync_record WHERE tbl = ? AND local_id IN",
        table,
        localIds,
        rs -> out.put(rs.getString(1), rs.getString(2)));
    return out;
  }

  public Map<String, RecordRow> records(Collection<String> gids) throws SQLException {
    Map<String, RecordRow> out = new HashMap<>();
    query(
        "SELECT gid, tbl, local_id, deleted_hlc, deleted_origin FROM crmsync_record WHERE gid IN",
        null,
        gids,
        rs -> {
          long deleted = rs.getLong(4);
          Long deletedHlc = rs.wasNull() ? null : deleted;
          out.put(
              rs.getString(1),
              new RecordRow(rs.getString(1), rs.getString(2), rs.getString(3), deletedHlc, rs.getString(5)));
        });
    return out;
  }

  /** Field versions of these records as stored: gid to column to version. */
  public Map<String, Map<String, Version>> versions(Collection<String> gids) throws SQLException {
    Map<String, Map<String, Version>> out = new HashMap<>();
    query(
        "SELECT gid, fields FROM crmsync_version WHERE gid IN",
        null,
        gids,
        rs -> out.put(rs.getString(1), VersionCodec.unpack(rs.getString(2))));
    for (String gid : gids) {
      stored.put(gid, Map.copyOf(out.getOrDefault(gid, Map.of())));
    }
    return out;
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  /** Runs {@code select (?, ?, …)} for chunks of {@code keys}, after an optional first parameter. */
  private void query(String select, String first, Collection<String> keys, RowReader reader)
      throws SQLException {
    for (List<String> chunk : Sql.chunks(keys)) {
      try (PreparedStatement ps =
          c.prepareStatement(select + " (" + Sql.placeholders(chunk.size()) + ")")) {
        int i = 1;
        if (first != null) {
          ps.setString(i++, first);
        }
        for (String key : chunk) {
          ps.setString(i++, key);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            reader.read(rs);
          }
        }
      }
    }
  }

  /** Adds a record's global id (written by {@link #flush}). */
  public void insertRecord(String gid, String table, String localId) throws SQLException {
    records.add(gid, table, localId);
    stored.putIfAbsent(gid, Map.of());
    if (records.pending() >= PENDING_LIMIT) {
      records.flush();
    }
  }

  /** Records a deletion: the local id is freed and later changes of the record are ignored. */
  public void markDeleted(String gid, String table, long hlc, String origin) throws SQLException {
    int n;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE crmsync_record SET local_id = NULL, deleted_hlc = ?, deleted_origin = ?"
                + " WHERE gid = ?")) {
      ps.setLong(1, hlc);
      ps.setString(2, origin);
      ps.setString(3, gid);
      n = ps.executeUpdate();
    }
    if (n == 0) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO crmsync_record(gid, tbl, local_id, deleted_hlc, deleted_origin)"
                  + " VALUES (?, ?, NULL, ?, ?)")) {
        ps.setString(1, gid);
        ps.setString(2, table);
        ps.setLong(3, hlc);
        ps.setString(4, origin);
        ps.executeUpdate();
      }
    }
  }

  /** Sets the version of a field (written by {@link #flush}). */
  public void putVersion(String gid, String column, Version v) throws SQLException {
    if (pending.computeIfAbsent(gid, k -> new HashMap<>()).put(column, v) == null) {
      pendingFields++;
    }
    if (pendingFields >= PENDING_LIMIT) {
      flushVersions();
    }
  }

  /**
   * Leaves out journal entries of changes that arrived through a sync when {@code relayed} says
   * no other sync could send them. Only other syncs read such an entry (a sync skips its own), and
   * a sync that starts sending the table later first sends all its rows by an initial load (a new
   * sync's cursor starts at the end of the journal): after a large initial load most of what the
   * receiver would write into its journal is entries nobody reads.
   */
  public VersionStore relayingOnly(BiPredicate<String, Long> relayed) {
    this.relayed = relayed;
    relayedCache.clear();
    return this;
  }

  /** Appends a journal entry; op is U (value changed) or D (record deleted). */
  public void journal(String gid, String table, String column, char op, long hlc, String origin, Long viaSync)
      throws SQLException {
    if (viaSync != null
        && !relayedCache.computeIfAbsent(viaSync + "\u0000" + table.toLowerCase(java.util.Locale.ROOT),
            k -> relayed.test(table, viaSync))) {
      return;
    }
    journal.add(gid, table, column, String.valueOf(op), hlc, origin, viaSync);
    if (journal.pending() >= PENDING_LIMIT) {
      journal.flush();
    }
  }

  /**
   * Forgets what is waiting to be written, and the versions known to be stored (the work was
   * rolled back to a savepoint, perhaps after some of it was written).
   */
  public void discard() {
    records.clear();
    pending.clear();
    pendingFields = 0;
    stored.clear();
    journal.clear();
  }

  /** Writes what is pending; the caller's later reads then see it. */
  public void flush() throws SQLException {
    records.flush();
    flushVersions();
    journal.flush();
  }

  private void flushVersions() throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    records.flush(); // a record's row comes before its versions (see the class comment)
    List<String> unseen = pending.keySet().stream().filter(g -> !stored.containsKey(g)).toList();
    if (!unseen.isEmpty()) {
      versions(unseen);
    }
    List<Object[]> rows = new ArrayList<>(pending.size());
    for (Map.Entry<String, Map<String, Version>> e : pending.entrySet()) {
      Map<String, Version> all = new HashMap<>(stored.get(e.getKey()));
      all.putAll(e.getValue());
      rows.add(new Object[] {e.getKey(), VersionCodec.pack(all)});
      stored.put(e.getKey(), all);
    }
    upsert.write(rows);
    pending.clear();
    pendingFields = 0;
    if (stored.size() > STORED_LIMIT) {
      stored.clear(); // bounds memory in long steps; what is not known is read again when needed
    }
  }

  @Override
  public void close() {
    // Nothing held: statements are made and closed by each flush.
  }
}

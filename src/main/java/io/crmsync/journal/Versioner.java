package io.crmsync.journal;

import io.crmsync.config.ConfigSnapshot;
import io.crmsync.core.GlobalIds;
import io.crmsync.core.Hlc;
import io.crmsync.core.Merge;
import io.crmsync.core.ValueHash;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.Database;
import io.crmsync.db.Sql;
import io.crmsync.db.TableInfo;
import io.crmsync.db.VersionCodec.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns capture rows into versions: reads the current values of the synced columns of each
 * captured record, compares their hashes with the last known versions, and records each real
 * difference as a new version and a journal entry. An update that changed nothing yields
 * nothing, and so does a value this program wrote itself while applying a peer's change.
 */
public final class Versioner {
  /** The journal's column name for "the record was deleted". */
  public static final String DELETED = "$deleted";

  private static final int CAPTURE_BATCH = 2000;
  private static final int MAX_ROUNDS = 50;

  private final Connection c;
  private final Database db;
  private final String programId;
  private final ConfigSnapshot config;
  private final VersionStore store;

  public Versioner(
      Connection c, Database db, String programId, ConfigSnapshot config, VersionStore store) {
    this.c = c;
    this.db = db;
    this.programId = programId;
    this.config = config;
    this.store = store;
  }

  /** Versions every captured change; returns how many capture rows were processed. */
  public int drainCaptures() throws SQLException {
    int total = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<Long> ids = new ArrayList<>();
      Map<String, Map<String, Long>> byTable = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT id, tbl, pk, changed_at FROM crmsync_capture ORDER BY id LIMIT "
                      + CAPTURE_BATCH)) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
          byTable
              .computeIfAbsent(rs.getString(2), k -> new HashMap<>())
              .merge(rs.getString(3), rs.getLong(4), Math::max);
        }
      }
      if (ids.isEmpty()) {
        break;
      }
      Map<String, Set<String>> synced = config.versionedColumns();
      for (Map.Entry<String, Map<String, Long>> e : byTable.entrySet()) {
        Set<String> columns = synced.get(e.getKey());
        TableInfo table = db.table(c, e.getKey()).orElse(null);
        if (columns != null && table != null && table.primaryKey() != null) {
          versionCaptured(table, columnsOf(table, columns), e.getValue());
        }
      }
      store.flush();
      delete(ids);
      total += ids.size();
      if (ids.size() < CAPTURE_BATCH) {
        break;
      }
    }
    return total;
  }

  /** The metadata of the named columns that still exist in the table. */
  public static List<ColumnInfo> columnsOf(TableInfo table, Set<String> names) {
    List<ColumnInfo> out = new ArrayList<>();
    for (String name : names) {
      table.column(name).ifPresent(out::add);
    }
    return out;
  }

  private void versionCaptured(TableInfo table, List<ColumnInfo> columns, Map<String, Long> times)
      throws SQLException {
    Map<String, String[]> rows = new CrmRows(db.dialect(), table, columns).byIds(c, times.keySet(), false);
    Map<String, String> gids = store.gidsOf(table.name(), times.keySet());
    Map<String, Map<String, Version>> versions = store.versions(gids.values());
    String self = programId;
    for (Map.Entry<String, Long> e : times.entrySet()) {
      String localId = e.getKey();
      String gid = gids.get(localId);
      String[] values = rows.get(localId);
      if (values == null) {
        if (gid != null) {
          long previous =
              versions.getOrDefault(gid, Map.of()).values().stream()
                  .mapToLong(Version::hlc)
                  .max()
                  .orElse(0);
          long hlc = Hlc.next(e.getValue(), previous);
          store.markDeleted(gid, table.name(), hlc, self);
          store.journal(gid, table.name(), DELETED, 'D', hlc, self, null);
        }
        continue;
      }
      if (gid == null) {
        gid = GlobalIds.newId();
        store.insertRecord(gid, table.name(), localId);
      }
      version(gid, table.name(), columns, values, versions.get(gid), e.getValue(), true);
    }
  }

  /**
   * Records new versions for the values that differ from the known ones; returns the versions
   * of all the given columns after that.
   *
   * @param journal whether to write journal entries (not for an initial load, which sends directly)
   */
  public Map<String, Version> version(
      String gid,
      String table,
      List<ColumnInfo> columns,
      String[] values,
      Map<String, Version> known,
      long editMillis,
      boolean journal)
      throws SQLException {
    Map<String, Version> out = new HashMap<>();
    String self = programId;
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i).name();
      String hash = ValueHash.of(values[i]);
      Version v = known == null ? null : known.get(column);
      if (v == null || !v.hash().equals(hash)) {
        Merge.Side edit =
            Merge.edit(v == null ? null : v.side(), v == null ? null : v.known(), hash, editMillis, self);
        v = Version.of(edit, null, null);
        store.putVersion(gid, column, v);
        if (journal) {
          store.journal(gid, table, column, 'U', v.hlc(), self, null);
        }
      }
      out.put(column, v);
    }
    return out;
  }

  private void delete(List<Long> ids) throws SQLException {
    for (List<Long> chunk : Sql.chunks(ids)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM crmsync_capture WHERE id IN (" + Sql.placeholders(chunk.size()) + ")")) {
        int i = 1;
        for (Long id : chunk) {
          ps.setLong(i++, id);
        }
        ps.executeUpdate();
      }
    }
  }
}

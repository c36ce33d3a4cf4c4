package io.crmsync.exchange;

import io.crmsync.config.FieldDef;
import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;
import io.crmsync.core.CatalogEntry;
import io.crmsync.core.ConflictPolicy;
import io.crmsync.core.FieldValue;
import io.crmsync.core.GlobalIds;
import io.crmsync.core.RecordChange;
import io.crmsync.core.ValueHash;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.Database;
import io.crmsync.db.TableInfo;
import io.crmsync.db.VersionCodec.Version;
import io.crmsync.journal.CrmRows;
import io.crmsync.journal.VersionStore.RecordRow;
import io.crmsync.journal.VersionStore;
import io.crmsync.journal.Versioner;
import io.crmsync.log.ChangeLog;
import io.crmsync.log.OriginNames;
import io.crmsync.settings.Settings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the next batch a sync sends: rows of a pending initial load first, then the journal
 * entries after the sync's cursor that its fields send (UPLOAD/BOTH), leaving out changes that
 * arrived through this same sync. Values are read when the batch is built, with their current
 * versions; a value changed after it was versioned waits for its own journal entry.
 */
public final class OutgoingBuilder {
  private final Connection c;
  private final Database db;
  private final String programId;
  private final SyncDef sync;
  private final VersionStore store;
  private final Versioner versioner;
  private final ChangeLog log;
  private final int maxRecords;
  /** The conflict policy told to the peer: this sync's own (the active side's governs). */
  private final ConflictPolicy policy;
  /** Sending fields by table, then column; names compared without regard to case. */
  private final Map<String, Map<String, FieldDef>> sending =
      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final List<CatalogEntry> catalog = new ArrayList<>();
  private final Map<String, RecordChange> records = new LinkedHashMap<>();

  public OutgoingBuilder(Step step, int maxRecords) {
    this.c = step.c();
    this.db = step.db();
    this.programId = step.programId();
    this.sync = step.sync();
    this.store = step.store();
    this.versioner = step.versioner();
    this.log = step.log();
    this.maxRecords = maxRecords;
    this.policy = sync.conflictPolicy();
    for (FieldDef f : step.config().fieldsOf(sync.id())) {
      catalog.add(new CatalogEntry(f.number(), f.table(), f.column(), f.direction(), f.remoteNumber()));
      if (f.direction().sends()) {
        sending
            .computeIfAbsent(f.table(), k -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER))
            .put(f.column(), f);
      }
    }
  }

  public Outgoing build(SyncState state) throws SQLException {
    boolean[] otherLoads = new boolean[1];
    LoadPart load = loadPart(otherLoads);
    long journalEnd = state.outCursor();
    boolean journalMore = false;
    if (records.size() < maxRecords) {
      int limit = maxRecords * 4;
      long[] read = journalPart(state.outCursor(), limit);
      journalEnd = read[0];
      journalMore = read[1] == limit;
    }
    store.flush();
    log.flush();
    boolean more = journalMore || (load != null && !load.done) || otherLoads[0];
    Batch batch =
        new Batch(
            programId,
            state.outSeq() + 1,
            state.inSeq(),
            catalog,
            new ArrayList<>(records.values()),
            more,
            state.reloadRequested() > 0,
            policy,
            names());
    return load == null
        ? new Outgoing(batch, journalEnd, null, null, null, false, state.reloadRequested())
        : new Outgoing(
            batch, journalEnd, load.table, load.lastPk, load.gen, load.done, state.reloadRequested());
  }

  /**
   * The names of this program and of the origins of the values sent, so that the peer's change
   * log can name them; this program's own name is kept here too, for its own log. Nothing for a
   * batch without records: an idle cycle reads and writes no names.
   */
  private Map<String, String> names() throws SQLException {
    if (records.isEmpty()) {
      return Map.of();
    }
    Map<String, String> own = new HashMap<>();
    Settings.get(Settings.PROGRAM_NAME).ifPresent(n -> own.put(programId, n));
    OriginNames.remember(c, own);
    Set<String> origins = new HashSet<>();
    for (RecordChange r : records.values()) {
      r.values().forEach(v -> origins.add(v.origin()));
      if (r.isDeleted()) {
        origins.add(r.deletedOrigin());
      }
    }
    origins.remove(programId);
    Map<String, String> out = origins.isEmpty() ? new HashMap<>() : OriginNames.of(c, origins);
    out.putAll(own);
    return out;
  }

  private record LoadPart(String table, String lastPk, long gen, boolean done) {}

  /** Rows of the first pending initial load; sets {@code otherLoads[0]} if more tables wait. */
  private LoadPart loadPart(boolean[] otherLoads) throws SQLException {
    String table = null;
    String lastPk = null;
    long gen = 0;
    boolean counted = false;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tbl, last_pk, gen, rows_total FROM crmsync_load WHERE sync_id = ? ORDER BY tbl")) {
      ps.setLong(1, sync.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!sending.containsKey(rs.getString(1))) {
            continue;
          }
          if (table != null) {
            otherLoads[0] = true;
            break;
          }
          table = rs.getString(1);
          lastPk = rs.getString(2);
          gen = rs.getLong(3);
          rs.getLong(4);
          counted = !rs.wasNull();
        }
      }
    }
    if (table == null) {
      return null;
    }
    TableInfo info = db.table(c, table).orElse(null);
    if (info == null || info.primaryKey() == null) {
      return new LoadPart(table, lastPk, gen, true);
    }
    Map<String, FieldDef> fields = sending.get(table);
    List<ColumnInfo> columns = Versioner.columnsOf(info, fields.keySet());
    Map<String, String[]> rows = new CrmRows(db.dialect(), info, columns).after(c, lastPk, maxRecords);
    Map<String, String> gids = store.gidsOf(info.name(), rows.keySet());
    Map<String, Map<String, Version>> versions = store.versions(gids.values());
    long now = System.currentTimeMillis();
    String last = lastPk;
    for (Map.Entry<String, String[]> row : rows.entrySet()) {
      String gid = gids.get(row.getKey());
      if (gid == null) {
        gid = GlobalIds.newId();
        store.insertRecord(gid, info.name(), row.getKey());
      }
      Map<String, Version> current =
          versioner.version(gid, info.name(), columns, row.getValue(), versions.get(gid), now, false);
      List<FieldValue> values = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        Version v = current.get(columns.get(i).name());
        values.add(
            new FieldValue(
                fields.get(columns.get(i).name()).number(), row.getValue()[i], v.hlc(), v.origin(),
                v.decided(), v.clock()));
      }
      records.put(gid, new RecordChange(gid, info.name(), values, null, null));
      last = row.getKey();
    }
    // The table is counted once, when its load's first batch is built (the progress's total).
    Loads.built(c, sync.id(), table, gen, rows.size(), counted ? null : rowCount(info));
    return new LoadPart(table, last, gen, rows.size() < maxRecords);
  }

  private long rowCount(TableInfo info) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + db.dialect().quote(info.name()));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Reads journal entries after the cursor, leaving out in SQL those that arrived through this
   * same sync (after a large initial load they are most of the journal); returns {the seq the
   * cursor may move to, entries read}. The end of the journal comes in the same statement, as a
   * last row without a gid (one statement less per batch).
   *
   * <p>The cursor and the sync id are written into the SQL as numbers, not bound: a statement
   * PostgreSQL prepares once and plans generically keeps the plan it made for an empty journal, a
   * scan of the whole journal (the benchmark's idle cycle read 90,000 rows per cycle). With the
   * values in the text every statement is planned for its cursor: a short index range.
   */
  private long[] journalPart(long cursor, int limit) throws SQLException {
    Map<String, Set<String>> wanted = new LinkedHashMap<>();
    Map<String, String> tableOf = new LinkedHashMap<>();
    long last = cursor;
    long end = 0;
    int count = 0;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT seq, gid, tbl, col, op FROM (SELECT seq, gid, tbl, col, op FROM crmsync_journal"
                    + " WHERE seq > " + cursor + " AND (via_sync IS NULL OR via_sync <> " + sync.id()
                    + ") ORDER BY seq LIMIT " + limit
                    + ") j UNION ALL SELECT MAX(seq), NULL, NULL, NULL, NULL FROM crmsync_journal")) {
      while (rs.next()) {
        if (rs.getString(2) == null) {
          end = rs.getLong(1);
          continue;
        }
        count++;
        last = Math.max(last, rs.getLong(1));
        Map<String, FieldDef> fields = sending.get(rs.getString(3));
        if (fields == null) {
          continue;
        }
        String gid = rs.getString(2);
        boolean delete = "D".equals(rs.getString(5));
        if (delete || fields.containsKey(rs.getString(4))) {
          tableOf.put(gid, rs.getString(3));
          Set<String> cols = wanted.computeIfAbsent(gid, k -> new LinkedHashSet<>());
          if (!delete) {
            cols.add(rs.getString(4));
          }
        }
      }
    }
    if (count < limit) {
      // Everything up to the end of the journal was read or left out; the program lock keeps
      // others from adding entries meanwhile.
      last = Math.max(last, end);
    }
    if (!wanted.isEmpty()) {
      addJournalRecords(wanted, tableOf);
    }
    return new long[] {last, count};
  }

  private void addJournalRecords(Map<String, Set<String>> wanted, Map<String, String> tableOf)
      throws SQLException {
    Map<String, RecordRow> recs = store.records(wanted.keySet());
    Map<String, List<String>> gidsByTable = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String gid : wanted.keySet()) {
      gidsByTable.computeIfAbsent(tableOf.get(gid), k -> new ArrayList<>()).add(gid);
    }
    for (Map.Entry<String, List<String>> e : gidsByTable.entrySet()) {
      TableInfo info = db.table(c, e.getKey()).orElse(null);
      if (info == null || info.primaryKey() == null) {
        continue;
      }
      Map<String, FieldDef> fields = sending.get(e.getKey());
      List<ColumnInfo> columns = Versioner.columnsOf(info, fields.keySet());
      List<String> localIds = new ArrayList<>();
      for (String gid : e.getValue()) {
        RecordRow r = recs.get(gid);
        if (r != null && r.localId() != null && r.deletedHlc() == null) {
          localIds.add(r.localId());
        }
      }
      Map<String, String[]> rows = new CrmRows(db.dialect(), info, columns).byIds(c, localIds, false);
      Map<String, Map<String, Version>> versions = store.versions(e.getValue());
      for (String gid : e.getValue()) {
        addRecord(gid, info, columns, fields, recs.get(gid), rows, versions.get(gid), wanted.get(gid));
      }
    }
  }

  private void addRecord(
      String gid,
      TableInfo info,
      List<ColumnInfo> columns,
      Map<String, FieldDef> fields,
      RecordRow rec,
      Map<String, String[]> rows,
      Map<String, Version> versions,
      Set<String> wantedColumns)
      throws SQLException {
    if (rec == null || records.containsKey(gid)) {
      return;
    }
    if (rec.deletedHlc() != null) {
      records.put(gid, RecordChange.deleted(gid, info.name(), rec.deletedHlc(), rec.deletedOrigin()));
      log.add(ChangeLog.OUT, info.name(), null, null, null, "(deleted)", rec.deletedOrigin());
      return;
    }
    String[] row = rec.localId() == null ? null : rows.get(rec.localId());
    if (row == null || versions == null) {
      return;
    }
    List<FieldValue> values = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i).name();
      Version v = versions.get(column);
      boolean send =
          wantedColumns.stream().anyMatch(column::equalsIgnoreCase)
              && v != null
              && v.hash().equals(ValueHash.of(row[i]))
              && (v.viaSync() == null || v.viaSync() != sync.id());
      if (send) {
        values.add(
            new FieldValue(fields.get(column).number(), row[i], v.hlc(), v.origin(), v.decided(), v.clock()));
        log.add(ChangeLog.OUT, info.name(), rec.localId(), column, null, row[i], v.origin());
      }
    }
    if (!values.isEmpty()) {
      records.put(gid, new RecordChange(gid, info.name(), values, null, null));
    }
  }
}

package io.crmsync.exchange;

import io.crmsync.config.SyncDef;
import io.crmsync.config.TableDef;
import io.crmsync.core.FieldValue;
import io.crmsync.core.Hlc;
import io.crmsync.core.ValueHash;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.Dialect;
import io.crmsync.db.TableInfo;
import io.crmsync.db.VersionCodec.Version;
import io.crmsync.exchange.Applier.Incoming;
import io.crmsync.journal.CrmRows;
import io.crmsync.journal.VersionStore.RecordRow;
import io.crmsync.journal.VersionStore;
import io.crmsync.journal.Versioner;
import io.crmsync.log.ChangeLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies received records to one local table. Rows are locked while compared; a value is written
 * only if its version beats the local one (a local edit not yet versioned is versioned first, so
 * it takes part in the comparison). New records are inserted with a local id of this database;
 * written values are read back, and their versions recorded, so that they are never echoed.
 */
final class TableApplier {
  private record Write(String text, long hlc, String origin) {}

  private final Connection c;
  private final SyncDef sync;
  private final TableInfo info;
  private final Dialect dialect;
  private final VersionStore store;
  private final Versioner versioner;
  private final ChangeLog log;
  private final Optional<ColumnInfo> status;
  private final String deletedValue;
  private final Optional<ColumnInfo> added;
  private final RowWriter writer;
  /** Per local id: the record's gid and the values written, with their old values. */
  private final Map<String, String> touchedGid = new LinkedHashMap<>();
  private final Map<String, Map<ColumnInfo, Write>> written = new LinkedHashMap<>();
  private final Map<String, Map<ColumnInfo, String>> oldValues = new HashMap<>();

  TableApplier(Step step, TableInfo info, TableDef def) {
    this.c = step.c();
    this.sync = step.sync();
    this.info = info;
    this.dialect = step.db().dialect();
    this.store = step.store();
    this.versioner = step.versioner();
    this.log = step.log();
    this.status = SystemFields.status(info, def);
    this.deletedValue = SystemFields.deletedValue(def);
    this.added = SystemFields.addedTime(info, def);
    this.writer = new RowWriter(c, dialect, info);
  }

  int apply(List<Incoming> incoming) throws SQLException {
    try (writer) {
      return applyAll(incoming);
    }
  }

  private int applyAll(List<Incoming> incoming) throws SQLException {
    List<String> gids = incoming.stream().map(i -> i.change.gid()).toList();
    Map<String, RecordRow> recs = store.records(gids);
    // Only known records have versions (a new one gets its record row before any version).
    Map<String, Map<String, Version>> versions = store.versions(recs.keySet());
    Set<ColumnInfo> columnSet = new LinkedHashSet<>();
    incoming.forEach(i -> columnSet.addAll(i.values.keySet()));
    status.ifPresent(columnSet::add);
    List<ColumnInfo> columns = new ArrayList<>(columnSet);
    List<String> localIds = new ArrayList<>();
    for (RecordRow r : recs.values()) {
      if (r.localId() != null && r.deletedHlc() == null) {
        localIds.add(r.localId());
      }
    }
    CrmRows reader = new CrmRows(dialect, info, columns);
    Map<String, String[]> rows = reader.byIds(c, localIds, true);
    int applied = 0;
    List<Incoming> inserts = new ArrayList<>();
    for (Incoming in : incoming) {
      String gid = in.change.gid();
      RecordRow rec = recs.get(gid);
      if (rec != null && rec.deletedHlc() != null) {
        continue;
      }
      Map<String, Version> known = versions.computeIfAbsent(gid, k -> new HashMap<>());
      if (in.change.isDeleted()) {
        applied += delete(in, rec, rec == null ? null : rows.get(rec.localId()), columns, known);
      } else if (rec == null || rec.localId() == null) {
        inserts.add(in);
        applied += in.values.size();
      } else if (rows.containsKey(rec.localId())) {
        applied += update(in, rec.localId(), rows.get(rec.localId()), columns, known);
      }
    }
    writer.flush();
    insert(inserts);
    store.flush();
    recordWrites(reader);
    return applied;
  }

  private int update(
      Incoming in, String localId, String[] row, List<ColumnInfo> columns, Map<String, Version> known)
      throws SQLException {
    Map<ColumnInfo, Write> changes = new LinkedHashMap<>();
    Map<ColumnInfo, String> olds = new HashMap<>();
    for (Map.Entry<ColumnInfo, FieldValue> e : in.values.entrySet()) {
      ColumnInfo col = e.getKey();
      FieldValue v = e.getValue();
      String current = row[columns.indexOf(col)];
      if (wins(in.change.gid(), col, current, v.hlc(), v.origin(), known)) {
        changes.put(col, new Write(v.value(), v.hlc(), v.origin()));
        olds.put(col, current);
      }
    }
    if (changes.isEmpty()) {
      return 0;
    }
    Map<ColumnInfo, String> texts = new LinkedHashMap<>();
    changes.forEach((col, w) -> texts.put(col, w.text()));
    writer.update(localId, texts);
    touch(localId, in.change.gid(), changes, olds);
    return changes.size();
  }

  /**
   * Whether a received version beats the local value. A local value that differs from its last
   * version was edited after the last capture was processed: it is versioned now, first.
   */
  private boolean wins(
      String gid, ColumnInfo col, String current, long hlc, String origin, Map<String, Version> known)
      throws SQLException {
    Version local = known.get(col.name());
    if (local != null && !local.hash().equals(ValueHash.of(current))) {
      local =
          versioner
              .version(gid, info.name(), List.of(col), new String[] {current}, known,
                  System.currentTimeMillis(), true)
              .get(col.name());
      known.put(col.name(), local);
    }
    return local == null || Hlc.wins(hlc, origin, local.hlc(), local.origin());
  }

  private int delete(
      Incoming in, RecordRow rec, String[] row, List<ColumnInfo> columns, Map<String, Version> known)
      throws SQLException {
    String gid = in.change.gid();
    long hlc = in.change.deletedHlc();
    String origin = in.change.deletedOrigin();
    if (rec == null || rec.localId() == null || row == null) {
      store.markDeleted(gid, info.name(), hlc, origin);
      return 0;
    }
    if (status.isPresent()) {
      ColumnInfo col = status.get();
      String current = row[columns.indexOf(col)];
      if (!wins(gid, col, current, hlc, origin, known)) {
        return 0;
      }
      Map<ColumnInfo, String> status = new LinkedHashMap<>();
      status.put(col, deletedValue);
      writer.update(rec.localId(), status);
      Map<ColumnInfo, Write> w = new LinkedHashMap<>();
      w.put(col, new Write(deletedValue, hlc, origin));
      Map<ColumnInfo, String> olds = new HashMap<>();
      olds.put(col, current);
      touch(rec.localId(), gid, w, olds);
      return 1;
    }
    writer.delete(rec.localId());
    store.markDeleted(gid, info.name(), hlc, origin);
    store.journal(gid, info.name(), Versioner.DELETED, 'D', hlc, origin, sync.id());
    log.add(ChangeLog.IN, info.name(), rec.localId(), null, null, "(deleted)", origin);
    return 1;
  }

  /** Inserts new rows for received records, with the time added if the table has one. */
  private void insert(List<Incoming> inserts) throws SQLException {
    if (inserts.isEmpty()) {
      return;
    }
    String now = LocalDateTime.now().withNano(0).toString();
    List<Map<ColumnInfo, String>> rows = new ArrayList<>();
    for (Incoming in : inserts) {
      Map<ColumnInfo, String> cols = new LinkedHashMap<>();
      in.values.forEach((col, v) -> cols.put(col, v.value()));
      added.filter(a -> !cols.containsKey(a)).ifPresent(a -> cols.put(a, now));
      rows.add(cols);
    }
    List<String> ids = writer.insert(rows);
    for (int i = 0; i < inserts.size(); i++) {
      Incoming in = inserts.get(i);
      store.insertRecord(in.change.gid(), info.name(), ids.get(i));
      Map<ColumnInfo, Write> w = new LinkedHashMap<>();
      in.values.forEach((col, v) -> w.put(col, new Write(v.value(), v.hlc(), v.origin())));
      touch(ids.get(i), in.change.gid(), w, null);
    }
  }

  private void touch(String localId, String gid, Map<ColumnInfo, Write> w, Map<ColumnInfo, String> olds) {
    touchedGid.put(localId, gid);
    written.computeIfAbsent(localId, k -> new LinkedHashMap<>()).putAll(w);
    if (olds != null) {
      oldValues.computeIfAbsent(localId, k -> new HashMap<>()).putAll(olds);
    }
  }

  /** Reads written rows back and records versions, journal entries and log rows for them. */
  private void recordWrites(CrmRows reader) throws SQLException {
    if (written.isEmpty()) {
      return;
    }
    Map<String, String[]> rows = reader.byIds(c, written.keySet(), false);
    List<ColumnInfo> columns = reader.columns();
    for (Map.Entry<String, Map<ColumnInfo, Write>> e : written.entrySet()) {
      String localId = e.getKey();
      String gid = touchedGid.get(localId);
      String[] row = rows.get(localId);
      if (row == null) {
        throw new SQLException("row " + localId + " of " + info.name() + " vanished while applying");
      }
      Map<ColumnInfo, String> olds = oldValues.getOrDefault(localId, Map.of());
      for (Map.Entry<ColumnInfo, Write> w : e.getValue().entrySet()) {
        String now = row[columns.indexOf(w.getKey())];
        String column = w.getKey().name();
        Write write = w.getValue();
        store.putVersion(gid, column, new Version(ValueHash.of(now), write.hlc(), write.origin(), sync.id()));
        store.journal(gid, info.name(), column, 'U', write.hlc(), write.origin(), sync.id());
        log.add(ChangeLog.IN, info.name(), localId, column, olds.get(w.getKey()), now, write.origin());
      }
    }
  }
}

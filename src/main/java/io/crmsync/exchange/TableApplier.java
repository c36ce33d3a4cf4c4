package io.crmsync.exchange;

import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.TableDef;
import io.crmsync.core.ConflictPolicy;
import io.crmsync.core.FieldValue;
import io.crmsync.core.Merge;
import io.crmsync.core.Stamp;
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
import io.crmsync.log.ConflictDetail;
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
 * Applies received records to one local table. Rows are locked while compared; each value is
 * decided against the local one by {@link Merge#decide} under the sync's conflict policy (a local
 * edit not yet versioned is versioned first, so it takes part). New records are inserted with a
 * local id of this database; written values are read back, and their versions recorded, so that
 * they are never echoed. A value a conflict decision re-stamped is journaled for every sync,
 * including the one it came through, so that the decision reaches the other side too.
 */
final class TableApplier {
  /**
   * A value to write, with the version it gets (its {@code viaSync} null when it must go back to the
   * sync it came through too); {@code conflict} the explanation of a conflict, or null.
   */
  private record Write(String text, Version version, String conflict) {}

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
  private final ConflictPolicy policy;
  private final boolean hereActive;
  /** Per local id: the record's gid and the values written, with their old values. */
  private final Map<String, String> touchedGid = new LinkedHashMap<>();
  private final Map<String, Map<ColumnInfo, Write>> written = new LinkedHashMap<>();
  private final Map<String, Map<ColumnInfo, String>> oldValues = new HashMap<>();

  TableApplier(Step step, TableInfo info, TableDef def, ConflictPolicy policy) {
    this.policy = policy;
    this.hereActive = step.sync().mode() == Mode.ACTIVE;
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
    String gid = in.change.gid();
    Map<ColumnInfo, Write> changes = new LinkedHashMap<>();
    Map<ColumnInfo, String> olds = new HashMap<>();
    for (Map.Entry<ColumnInfo, FieldValue> e : in.values.entrySet()) {
      ColumnInfo col = e.getKey();
      FieldValue v = e.getValue();
      String current = row[columns.indexOf(col)];
      Version local = versionOf(gid, col, current, known);
      boolean sameSync = local != null && local.viaSync() != null && local.viaSync() == sync.id();
      Merge.Decision d =
          Merge.decide(local == null ? null : local.side(), local == null ? null : local.known(),
              sameSync, v.side(), policy, hereActive);
      String conflict = d.conflict() ? detail(d, current, local, v) : null;
      switch (d.action()) {
        case KEEP -> {
          if (!d.known().equals(local.known())) {
            // What arrived is older, but what it knew is worth keeping for the next edit here.
            Version knowing =
                new Version(local.hash(), local.hlc(), local.origin(), local.viaSync(), local.decided(),
                    local.clock(), d.known());
            store.putVersion(gid, col.name(), knowing);
            known.put(col.name(), knowing);
          }
          if (conflict != null) {
            log.add(ChangeLog.IN, info.name(), localId, col.name(), current, current, local.origin(), conflict);
          }
        }
        case KEEP_AS_NEW -> {
          Version decided = Version.of(d.version(), null, d.known());
          store.putVersion(gid, col.name(), decided);
          known.put(col.name(), decided);
          store.journal(gid, info.name(), col.name(), 'U', decided.hlc(), decided.origin(), null);
          if (conflict != null) { // else the local value was re-stamped only, having seen the other
            log.add(ChangeLog.IN, info.name(), localId, col.name(), current, current, local.origin(), conflict);
          }
        }
        case TAKE, TAKE_AS_NEW -> {
          Long via = d.action() == Merge.Action.TAKE ? sync.id() : null;
          changes.put(col, new Write(v.value(), Version.of(d.version(), via, d.known()), conflict));
          olds.put(col, current);
        }
      }
    }
    if (changes.isEmpty()) {
      return 0;
    }
    Map<ColumnInfo, String> texts = new LinkedHashMap<>();
    changes.forEach((col, w) -> texts.put(col, w.text()));
    writer.update(localId, texts);
    touch(localId, gid, changes, olds);
    return changes.size();
  }

  /**
   * The local version of a field. A local value that differs from its last version was edited
   * after the last capture was processed: it is versioned now, first.
   */
  private Version versionOf(String gid, ColumnInfo col, String current, Map<String, Version> known)
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
    return local;
  }

  /** The change-log explanation of a conflict: the value kept, the value lost, the rule. */
  private static String detail(Merge.Decision d, String current, Version local, FieldValue in) {
    ConflictDetail.Side here = new ConflictDetail.Side(current, local.hlc(), local.origin());
    ConflictDetail.Side there = new ConflictDetail.Side(in.value(), in.hlc(), in.origin());
    boolean keptHere = !d.takesValue();
    return ConflictDetail.json(keptHere ? here : there, keptHere ? there : here, d.rule());
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
      Version local = versionOf(gid, col, current, known);
      // A deletion has no base: it is ordered like any version, but never a conflict.
      Merge.Side deletion = new Merge.Side(ValueHash.of(deletedValue), Stamp.of(hlc, origin), null);
      if (local != null && Merge.compare(deletion, local.side()) <= 0) {
        return 0;
      }
      Map<ColumnInfo, String> status = new LinkedHashMap<>();
      status.put(col, deletedValue);
      writer.update(rec.localId(), status);
      Map<ColumnInfo, Write> w = new LinkedHashMap<>();
      w.put(col, new Write(deletedValue,
          new Version(ValueHash.of(deletedValue), hlc, origin, sync.id(), false, null,
              local == null ? null : local.known()), null));
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
      in.values.forEach(
          (col, v) -> w.put(col, new Write(v.value(), Version.of(v.side(), sync.id(), null), null)));
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
        Version v = write.version();
        // The hash of the value as the database keeps it (it may normalize what it was given).
        store.putVersion(gid, column,
            new Version(ValueHash.of(now), v.hlc(), v.origin(), v.viaSync(), v.decided(), v.clock(), v.known()));
        store.journal(gid, info.name(), column, 'U', v.hlc(), v.origin(), v.viaSync());
        log.add(ChangeLog.IN, info.name(), localId, column, olds.get(w.getKey()), now, v.origin(),
            write.conflict());
      }
    }
  }
}

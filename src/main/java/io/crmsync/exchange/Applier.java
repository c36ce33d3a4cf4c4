package io.crmsync.exchange;

import io.crmsync.config.ConfigSnapshot;
import io.crmsync.config.FieldDef;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Mode;
import io.crmsync.config.TableDef;
import io.crmsync.core.Batch;
import io.crmsync.core.ConflictPolicy;
import io.crmsync.core.FieldValue;
import io.crmsync.core.RecordChange;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.Database;
import io.crmsync.db.TableInfo;
import io.crmsync.journal.VersionStore;
import io.crmsync.log.ChangeLog;
import io.crmsync.log.OriginNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies a batch received through a sync: maps the sender's fields to this program's (only
 * those that receive: DOWNLOAD/BOTH), groups the records by local table and hands each group to
 * a {@link TableApplier}. Runs in the caller's transaction: a batch is applied whole or not at
 * all, except for records the database refuses, which wait in the {@link Quarantine}.
 */
public final class Applier {
  /** The change-log text of a refused record, before the database's reason. */
  public static final String REFUSED = "(refused) ";

  private static final Logger LOG = Logger.getLogger(Applier.class.getName());

  private final Connection c;
  private final Database db;
  private final ConfigSnapshot config;
  private final SyncDef sync;
  private final VersionStore store;
  private final ChangeLog log;

  private final Step step;
  /** The conflict policy this batch (or retry) is applied with; see {@link #policyFor}. */
  private ConflictPolicy policy;

  public Applier(Step step) {
    this.step = step;
    this.c = step.c();
    this.db = step.db();
    this.config = step.config();
    this.sync = step.sync();
    this.store = step.store();
    this.log = step.log();
  }

  /** Applies the batch; returns the number of field values and deletions that took effect. */
  public int apply(Batch batch) throws SQLException {
    policy = policyFor(batch.policy());
    OriginNames.remember(c, batch.names());
    List<FieldDef> fields = config.fieldsOf(sync.id());
    if (batch.reload()) {
      for (String table : fields.stream().filter(f -> f.direction().sends()).map(FieldDef::table).distinct().toList()) {
        Loads.request(c, sync.id(), table);
      }
    }
    List<TableDef> tables = config.tables().stream().filter(t -> t.syncId() == sync.id()).toList();
    FieldResolver resolver = new FieldResolver(fields, tables, batch.catalog());
    Map<String, List<Incoming>> byTable = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (RecordChange rec : batch.records()) {
      Incoming in = resolve(rec, resolver);
      if (in != null) {
        byTable.computeIfAbsent(in.table, k -> new ArrayList<>()).add(in);
      }
    }
    // Written now so that a rollback to a table's savepoint drops only that table's work.
    store.flush();
    log.flush();
    int applied = 0;
    for (Map.Entry<String, List<Incoming>> e : byTable.entrySet()) {
      TableInfo info = db.table(c, e.getKey()).orElse(null);
      if (info == null || info.primaryKey() == null) {
        throw new SQLException(
            "table " + e.getKey() + " of sync '" + sync.name() + "' is missing or has no primary key");
      }
      applied += applyTable(info, e.getValue());
    }
    store.flush();
    log.flush();
    return applied;
  }

  /**
   * The conflict policy of the sync: the active side's setting governs; a passive side applies
   * what the active one told it (in this batch, or last time), its own setting until it is told.
   */
  private ConflictPolicy policyFor(ConflictPolicy told) throws SQLException {
    if (sync.mode() == Mode.ACTIVE) {
      return sync.conflictPolicy();
    }
    if (told != null) {
      SyncState.learnPolicy(c, sync.id(), told);
      return told;
    }
    ConflictPolicy learned = SyncState.learnedPolicy(c, sync.id());
    return learned != null ? learned : sync.conflictPolicy();
  }

  /**
   * Applies one table's records together; if the database refuses one of them (see {@link
   * Quarantine#refused}), applies them again one by one, each behind its own savepoint, and keeps
   * the refused ones in the quarantine. Any other failure fails the batch.
   */
  private int applyTable(TableInfo info, List<Incoming> records) throws SQLException {
    TableDef def = config.table(sync.id(), info.name()).orElse(null);
    Savepoint together = c.setSavepoint();
    try {
      int applied = new TableApplier(step, info, def, policy).apply(records);
      store.flush();
      log.flush();
      c.releaseSavepoint(together);
      return applied;
    } catch (SQLException e) {
      if (!Refusals.refused(e)) {
        throw e;
      }
      undo(together);
    }
    int applied = 0;
    for (Incoming in : records) {
      Outcome o = applyOne(info, def, in);
      String localId = o.refusal() == null ? null : localId(in);
      // A record sent again as it was kept changes nothing, and is not logged again.
      if (o.refusal() != null && Quarantine.add(c, sync.id(), in, localId, o.refusal())) {
        LOG.log(Level.WARNING, "crm-sync: sync ''{0}'': the database refused record {1} of {2}; it waits"
            + " in the quarantine for a retry: {3}", new Object[] {sync.name(), in.change.gid(), info.name(), o.refusal()});
        log.add(ChangeLog.IN, info.name(), localId == null ? in.change.gid() : localId, null, null,
            REFUSED + o.refusal(), origin(in));
        log.flush(); // before the next record's savepoint, whose rollback would drop it
      }
      applied += o.applied();
    }
    return applied;
  }

  /** What applying one record came to: values applied, or the database's reason for refusing it. */
  private record Outcome(int applied, String refusal) {}

  private Outcome applyOne(TableInfo info, TableDef def, Incoming in) throws SQLException {
    Savepoint one = c.setSavepoint();
    try {
      int applied = new TableApplier(step, info, def, policy).apply(List.of(in));
      store.flush();
      log.flush();
      c.releaseSavepoint(one);
      return new Outcome(applied, null);
    } catch (SQLException e) {
      if (!Refusals.refused(e)) {
        throw e;
      }
      undo(one);
      return new Outcome(0, Refusals.reason(e));
    }
  }

  /** Rolls back to a savepoint, with the versions and log rows collected since. */
  private void undo(Savepoint savepoint) throws SQLException {
    c.rollback(savepoint);
    store.discard();
    log.discard();
  }

  /**
   * Applies quarantined records again, oldest first: a record applied (or outdated by a newer
   * value) leaves the quarantine, one refused again stays with the new reason.
   */
  public RetryResult retry(List<Quarantine.Entry> entries) throws SQLException {
    policy = policyFor(null);
    store.flush();
    log.flush();
    int applied = 0;
    int still = 0;
    for (Quarantine.Entry e : entries) {
      TableInfo info = db.table(c, e.table()).orElse(null);
      if (info == null || info.primaryKey() == null) {
        Quarantine.refusedAgain(c, e.id(), "table " + e.table() + " is missing or has no primary key");
        still++;
        continue;
      }
      Outcome o =
          applyOne(info, config.table(sync.id(), info.name()).orElse(null),
              QuarantineRecord.incoming(e, info));
      if (o.refusal() == null) {
        Quarantine.remove(c, sync.id(), e.id());
        applied++;
      } else {
        Quarantine.refusedAgain(c, e.id(), o.refusal());
        still++;
      }
    }
    store.flush();
    log.flush();
    return new RetryResult(entries.size(), applied, still, Quarantine.count(c, sync.id()));
  }

  /** The outcome of a retry: records tried, applied (or outdated), refused again, left in all. */
  public record RetryResult(int tried, int applied, int stillRefused, int left) {}

  private String localId(Incoming in) throws SQLException {
    VersionStore.RecordRow row = store.records(List.of(in.change.gid())).get(in.change.gid());
    return row == null ? null : row.localId();
  }

  private static String origin(Incoming in) {
    return in.change.isDeleted()
        ? in.change.deletedOrigin()
        : in.values.values().stream().map(FieldValue::origin).findFirst().orElse(null);
  }

  /** A received record mapped to a local table and local columns. */
  static final class Incoming {
    final RecordChange change;
    final String table;
    final Map<ColumnInfo, FieldValue> values;

    Incoming(RecordChange change, String table, Map<ColumnInfo, FieldValue> values) {
      this.change = change;
      this.table = table;
      this.values = values;
    }
  }

  private Incoming resolve(RecordChange rec, FieldResolver resolver) throws SQLException {
    if (rec.isDeleted()) {
      String table = resolver.localTable(rec.table()).orElse(null);
      boolean receives =
          table != null
              && config.fieldsOf(sync.id()).stream()
                  .anyMatch(f -> f.table().equalsIgnoreCase(table) && f.direction().receives());
      return receives ? new Incoming(rec, table, Map.of()) : null;
    }
    String table = null;
    Map<ColumnInfo, FieldValue> values = new LinkedHashMap<>();
    for (FieldValue v : rec.values()) {
      FieldDef f = resolver.resolve(v.number()).orElse(null);
      if (f == null || !f.direction().receives() || (table != null && !table.equalsIgnoreCase(f.table()))) {
        continue;
      }
      TableInfo info = db.table(c, f.table()).orElse(null);
      ColumnInfo col = info == null ? null : info.column(f.column()).orElse(null);
      if (col != null) {
        table = f.table();
        values.put(col, v);
      }
    }
    return values.isEmpty() ? null : new Incoming(rec, table, values);
  }
}

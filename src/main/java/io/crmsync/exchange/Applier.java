package io.crmsync.exchange;

import io.crmsync.app.Program;
import io.crmsync.config.ConfigSnapshot;
import io.crmsync.config.FieldDef;
import io.crmsync.config.SyncDef;
import io.crmsync.config.TableDef;
import io.crmsync.core.Batch;
import io.crmsync.core.FieldValue;
import io.crmsync.core.RecordChange;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.TableInfo;
import io.crmsync.journal.VersionStore;
import io.crmsync.log.ChangeLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies a batch received through a sync: maps the sender's fields to this program's (only
 * those that receive: DOWNLOAD/BOTH), groups the records by local table and hands each group to
 * a {@link TableApplier}. Runs in the caller's transaction: a batch is applied whole or not at
 * all.
 */
public final class Applier {
  private final Connection c;
  private final Program program;
  private final ConfigSnapshot config;
  private final SyncDef sync;
  private final VersionStore store;
  private final ChangeLog log;

  private final Step step;

  public Applier(Step step) {
    this.step = step;
    this.c = step.c();
    this.program = step.program();
    this.config = step.config();
    this.sync = step.sync();
    this.store = step.store();
    this.log = step.log();
  }

  /** Applies the batch; returns the number of field values and deletions that took effect. */
  public int apply(Batch batch) throws SQLException {
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
    int applied = 0;
    for (Map.Entry<String, List<Incoming>> e : byTable.entrySet()) {
      TableInfo info = program.table(c, e.getKey()).orElse(null);
      if (info == null || info.primaryKey() == null) {
        throw new SQLException(
            "table " + e.getKey() + " of sync '" + sync.name() + "' is missing or has no primary key");
      }
      TableDef def = config.table(sync.id(), info.name()).orElse(null);
      applied += new TableApplier(step, info, def).apply(e.getValue());
    }
    store.flush();
    log.flush();
    return applied;
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
      TableInfo info = program.table(c, f.table()).orElse(null);
      ColumnInfo col = info == null ? null : info.column(f.column()).orElse(null);
      if (col != null) {
        table = f.table();
        values.put(col, v);
      }
    }
    return values.isEmpty() ? null : new Incoming(rec, table, values);
  }
}

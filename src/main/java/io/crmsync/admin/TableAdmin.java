package io.crmsync.admin;

import io.crmsync.config.ConfigSource;
import io.crmsync.config.FieldDef;
import io.crmsync.config.SyncTableEntity;
import io.crmsync.config.TableDef;
import io.crmsync.core.Direction;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.TableInfo;
import io.crmsync.exchange.SystemFields;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole tables in a sync: adding every column but the ID in one step, and the table settings
 * (the peer's table name, the system fields «Статус записи» and «Время добавления»).
 */
@ApplicationScoped
public class TableAdmin {
  @Inject ConfigSource configs;
  @Inject SyncAdmin syncs;
  @Inject FieldAdmin fields;
  @Inject Captures captures;

  /** The outcome of adding a whole table: the fields created and the link columns skipped. */
  public record TableAdded(String table, List<FieldDef> fields, List<String> skipped) {}

  public TableAdded addTable(long syncId, String tableName, Direction direction, String remoteTable) {
    syncs.find(syncId);
    TableInfo table = fields.table(tableName);
    Direction d = FieldAdmin.required(direction);
    if (remoteTable != null && (remoteTable.isBlank() || remoteTable.length() > 128)) {
      throw ApiException.badRequest("remoteTable must be a table name of the other program");
    }
    List<FieldDef> existing = configs.config().fieldsOf(syncId);
    List<String> columns = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (ColumnInfo c : table.columns()) {
      boolean already =
          existing.stream()
              .anyMatch(f -> f.table().equalsIgnoreCase(table.name()) && f.column().equalsIgnoreCase(c.name()));
      if (c.name().equalsIgnoreCase(table.primaryKey()) || already) {
        continue;
      }
      if (table.isForeignKey(c.name())) {
        skipped.add(c.name());
      } else {
        columns.add(c.name());
      }
    }
    captures.ensure(table);
    List<FieldDef> created =
        configs
            .configStore()
            .change(
                em -> {
                  List<FieldDef> out = new ArrayList<>();
                  for (String c : columns) {
                    out.add(FieldAdmin.persistField(em, syncId, table.name(), c, d, null));
                  }
                  SyncTableEntity t = FieldAdmin.tableEntity(em, syncId, table.name());
                  if (remoteTable != null) {
                    t.setRemoteTable(remoteTable.trim());
                  }
                  if (d.sends()) {
                    FieldAdmin.requestLoad(em, syncId, table.name());
                  }
                  if (d.receives() || remoteTable != null) {
                    FieldAdmin.requestReload(em, syncId);
                  }
                  return out;
                });
    return new TableAdded(table.name(), created, skipped);
  }

  /** Sets the system fields of a table; null keeps the current setting, "" means "none". */
  public TableDef tableSettings(
      long syncId, String tableName, String statusColumn, String deletedValue, String addedTimeColumn, String remoteTable) {
    syncs.find(syncId);
    TableInfo table = fields.table(tableName);
    String status = columnOrEmpty(table, statusColumn, "statusColumn");
    String added = columnOrEmpty(table, addedTimeColumn, "addedTimeColumn");
    if (deletedValue != null && deletedValue.length() > 200) {
      throw ApiException.badRequest("deletedValue is longer than 200 characters");
    }
    return configs
        .configStore()
        .change(
            em -> {
              SyncTableEntity t = FieldAdmin.tableEntity(em, syncId, table.name());
              if (status != null) {
                t.setStatusColumn(status);
              }
              if (deletedValue != null) {
                t.setDeletedValue(deletedValue);
              }
              if (added != null) {
                t.setAddedTimeColumn(added);
              }
              if (remoteTable != null) {
                t.setRemoteTable(remoteTable.isBlank() ? null : remoteTable.trim());
                FieldAdmin.requestReload(em, syncId);
              }
              return t.def();
            });
  }

  /**
   * A table's system fields as a sync uses them: the record-status column, the deleted value and
   * the time-added column, each as set for the sync or else found by its usual name (null: none).
   */
  public record SystemFieldsView(
      String table, String statusColumn, boolean statusSet, String deletedValue, String addedTimeColumn,
      boolean addedTimeSet) {}

  public SystemFieldsView systemFields(long syncId, TableInfo table) {
    TableDef def = tables(syncId).stream().filter(t -> t.table().equalsIgnoreCase(table.name())).findFirst().orElse(null);
    return new SystemFieldsView(
        table.name(),
        SystemFields.status(table, def).map(ColumnInfo::name).orElse(null),
        def != null && def.statusColumn() != null,
        SystemFields.deletedValue(def),
        SystemFields.addedTime(table, def).map(ColumnInfo::name).orElse(null),
        def != null && def.addedTimeColumn() != null);
  }

  public List<TableDef> tables(long syncId) {
    syncs.find(syncId);
    return configs.config().tables().stream().filter(t -> t.syncId() == syncId).toList();
  }

  private static String columnOrEmpty(TableInfo table, String name, String what) {
    if (name == null || name.isEmpty()) {
      return name;
    }
    return table
        .column(name)
        .map(ColumnInfo::name)
        .orElseThrow(() -> ApiException.badRequest(what + ": table " + table.name() + " has no column " + name)
            .coded("column.unknown", table.name(), name));
  }

}

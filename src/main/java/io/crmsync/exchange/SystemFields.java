package io.crmsync.exchange;

import io.crmsync.config.TableDef;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.TableInfo;
import java.util.List;
import java.util.Optional;

/**
 * The system fields of a table (the product page's «Статус записи» and «Время добавления»): as
 * configured for the sync, or else found by their usual names.
 */
public final class SystemFields {
  static final List<String> STATUS_NAMES =
      List.of("record_status", "status_record", "rec_status", "is_deleted", "deleted");
  static final List<String> ADDED_NAMES =
      List.of("added_at", "added_time", "time_added", "date_added", "created_at", "created");
  static final String DEFAULT_DELETED_VALUE = "1";

  private SystemFields() {}

  public static Optional<ColumnInfo> status(TableInfo table, TableDef def) {
    return find(table, def == null ? null : def.statusColumn(), STATUS_NAMES);
  }

  public static String deletedValue(TableDef def) {
    return def == null || def.deletedValue() == null ? DEFAULT_DELETED_VALUE : def.deletedValue();
  }

  public static Optional<ColumnInfo> addedTime(TableInfo table, TableDef def) {
    return find(table, def == null ? null : def.addedTimeColumn(), ADDED_NAMES);
  }

  private static Optional<ColumnInfo> find(TableInfo table, String configured, List<String> names) {
    if (configured != null) {
      return configured.isEmpty() ? Optional.empty() : table.column(configured);
    }
    for (String name : names) {
      Optional<ColumnInfo> c = table.column(name);
      if (c.isPresent() && !c.get().name().equalsIgnoreCase(table.primaryKey())) {
        return c;
      }
    }
    return Optional.empty();
  }
}

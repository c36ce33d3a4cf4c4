package io.crmsync.db;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One CRM table: its exact name, its single-column primary key (the local ID, never synced), its
 * columns in order, and the columns that are foreign keys (links to other records).
 */
public record TableInfo(
    String name, String primaryKey, List<ColumnInfo> columns, Set<String> foreignKeyColumns) {
  public TableInfo {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    foreignKeyColumns = Set.copyOf(foreignKeyColumns);
  }

  /** The column with this name, compared without regard to case (H2 folds names to upper case). */
  public Optional<ColumnInfo> column(String columnName) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
  }

  public ColumnInfo primaryKeyColumn() {
    return column(primaryKey)
        .orElseThrow(() -> new IllegalStateException("table " + name + " lost its primary key"));
  }

  public boolean isForeignKey(String columnName) {
    return foreignKeyColumns.stream().anyMatch(c -> c.equalsIgnoreCase(columnName));
  }
}

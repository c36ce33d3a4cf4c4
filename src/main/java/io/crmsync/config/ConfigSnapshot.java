package io.crmsync.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Everything configured, at one config version, for the engine to read without locking. */
public record ConfigSnapshot(
    long version, List<SyncDef> syncs, List<FieldDef> fields, List<TableDef> tables) {
  public ConfigSnapshot {
    syncs = List.copyOf(syncs);
    fields = List.copyOf(fields);
    tables = List.copyOf(tables);
  }

  public Optional<SyncDef> sync(long id) {
    return syncs.stream().filter(s -> s.id() == id).findFirst();
  }

  public Optional<SyncDef> syncByKey(String key) {
    return syncs.stream().filter(s -> s.syncKey().equals(key)).findFirst();
  }

  public List<FieldDef> fieldsOf(long syncId) {
    return fields.stream().filter(f -> f.syncId() == syncId).toList();
  }

  public Optional<TableDef> table(long syncId, String table) {
    return tables.stream()
        .filter(t -> t.syncId() == syncId && t.table().equalsIgnoreCase(table))
        .findFirst();
  }

  /** Every table that has a field in some sync: the tables crm-sync captures and versions. */
  public Set<String> syncedTables() {
    return fields.stream()
        .map(FieldDef::table)
        .collect(Collectors.toCollection(() -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER)));
  }

  /** Per synced table, the columns that some sync has a field for (in any direction). */
  public Map<String, Set<String>> versionedColumns() {
    return fields.stream()
        .collect(
            Collectors.groupingBy(
                FieldDef::table,
                () -> new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER),
                Collectors.mapping(
                    FieldDef::column,
                    Collectors.toCollection(() -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER)))));
  }

  /**
   * Whether a sync other than {@code viaSync} has a field (any direction, OFF too) on the table:
   * only then can a change that arrived through {@code viaSync} be sent on.
   */
  public boolean relays(String table, long viaSync) {
    return fields.stream().anyMatch(f -> f.syncId() != viaSync && f.table().equalsIgnoreCase(table));
  }
}

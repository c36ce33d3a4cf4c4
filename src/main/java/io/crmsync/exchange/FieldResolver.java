package io.crmsync.exchange;

import io.crmsync.config.FieldDef;
import io.crmsync.config.TableDef;
import io.crmsync.core.CatalogEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the sender's field numbers to this program's fields of the same sync: by this side's
 * mapping (remoteNumber), by the sender's mapping (its catalog's remote number), or, for fields
 * left unmapped, by table and column name (the table renamed through the sync's table settings).
 */
public final class FieldResolver {
  private final List<FieldDef> fields;
  private final List<TableDef> tables;
  private final Map<Integer, CatalogEntry> catalog = new HashMap<>();
  /** Resolved numbers: a batch names the same few fields in every record. */
  private final Map<Integer, Optional<FieldDef>> resolved = new HashMap<>();

  public FieldResolver(List<FieldDef> fields, List<TableDef> tables, List<CatalogEntry> catalog) {
    this.fields = List.copyOf(fields);
    this.tables = List.copyOf(tables);
    for (CatalogEntry e : catalog) {
      this.catalog.put(e.number(), e);
    }
  }

  /** This program's field for the sender's field number, if any. */
  public Optional<FieldDef> resolve(int senderNumber) {
    return resolved.computeIfAbsent(senderNumber, this::find);
  }

  private Optional<FieldDef> find(int senderNumber) {
    for (FieldDef f : fields) {
      if (f.remoteNumber() != null && f.remoteNumber() == senderNumber) {
        return Optional.of(f);
      }
    }
    CatalogEntry e = catalog.get(senderNumber);
    if (e == null) {
      return Optional.empty();
    }
    if (e.remote() != null) {
      return fields.stream().filter(f -> f.number() == e.remote()).findFirst();
    }
    return localTable(e.table())
        .flatMap(
            t ->
                fields.stream()
                    .filter(
                        f ->
                            f.remoteNumber() == null
                                && f.table().equalsIgnoreCase(t)
                                && f.column().equalsIgnoreCase(e.column()))
                    .findFirst());
  }

  /** This program's table for the sender's table name. */
  public Optional<String> localTable(String senderTable) {
    for (TableDef t : tables) {
      if (t.remoteTable() != null && t.remoteTable().equalsIgnoreCase(senderTable)) {
        return Optional.of(t.table());
      }
    }
    Optional<String> sameName =
        fields.stream()
            .map(FieldDef::table)
            .filter(t -> t.equalsIgnoreCase(senderTable))
            .filter(t -> tables.stream().noneMatch(d -> d.table().equalsIgnoreCase(t) && d.remoteTable() != null && !d.remoteTable().equalsIgnoreCase(senderTable)))
            .findFirst();
    if (sameName.isPresent()) {
      return sameName;
    }
    for (CatalogEntry e : catalog.values()) {
      if (e.table().equalsIgnoreCase(senderTable)) {
        Optional<FieldDef> f = resolveExplicit(e);
        if (f.isPresent()) {
          return Optional.of(f.get().table());
        }
      }
    }
    return Optional.empty();
  }

  private Optional<FieldDef> resolveExplicit(CatalogEntry e) {
    for (FieldDef f : fields) {
      if (f.remoteNumber() != null && f.remoteNumber() == e.number()) {
        return Optional.of(f);
      }
    }
    if (e.remote() != null) {
      return fields.stream().filter(f -> f.number() == e.remote()).findFirst();
    }
    return Optional.empty();
  }
}

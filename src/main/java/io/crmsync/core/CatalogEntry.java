package io.crmsync.core;

import java.util.Objects;

/**
 * A sender's description of one of its fields, carried in every batch so that the receiver can
 * match fields by number (explicit mapping) or, for whole tables, by table and column name.
 *
 * @param remote the receiver's field number this field is mapped to, if the sender knows it
 */
public record CatalogEntry(
    int number, String table, String column, Direction direction, Integer remote) {
  public CatalogEntry {
    if (number <= 0) {
      throw new IllegalArgumentException("field number must be positive: " + number);
    }
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(direction, "direction");
  }
}

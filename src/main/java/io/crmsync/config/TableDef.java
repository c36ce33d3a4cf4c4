package io.crmsync.config;

/** An immutable view of a table's settings in a sync; null members mean "use the default". */
public record TableDef(
    long syncId,
    String table,
    String remoteTable,
    String statusColumn,
    String deletedValue,
    String addedTimeColumn) {}

package io.crmsync.config;

import io.crmsync.core.Direction;

/** An immutable view of a field of a sync. */
public record FieldDef(
    int number, long syncId, String table, String column, Direction direction, Integer remoteNumber) {}

package io.crmsync.admin;

import io.crmsync.core.Direction;

/** A field as an administrator submits it; null members were not given. */
public record FieldRequest(String table, String column, Direction direction, Integer remoteNumber) {}

package io.crmsync.db;

import java.sql.Types;
import java.util.Objects;

/** One column of a CRM table, as JDBC metadata describes it. */
public record ColumnInfo(
    String name, int jdbcType, String typeName, boolean autoIncrement, boolean hasDefault) {
  public ColumnInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(typeName, "typeName");
  }

  public boolean isInteger() {
    return jdbcType == Types.INTEGER
        || jdbcType == Types.BIGINT
        || jdbcType == Types.SMALLINT
        || jdbcType == Types.TINYINT;
  }
}

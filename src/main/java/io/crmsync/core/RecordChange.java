package io.crmsync.core;

import java.util.List;
import java.util.Objects;

/**
 * The changes of one record in a batch: its global id, the sender's table name, changed fields,
 * and, for a record deleted at the sender, the version of the deletion (then {@code values} is
 * empty).
 */
public record RecordChange(
    String gid, String table, List<FieldValue> values, Long deletedHlc, String deletedOrigin) {
  public RecordChange {
    GlobalIds.check(gid);
    Objects.requireNonNull(table, "table");
    values = List.copyOf(values);
    if ((deletedHlc == null) != (deletedOrigin == null)) {
      throw new IllegalArgumentException("record " + gid + ": deletion needs a time and an origin");
    }
  }

  public static RecordChange deleted(String gid, String table, long hlc, String origin) {
    return new RecordChange(gid, table, List.of(), hlc, origin);
  }

  public boolean isDeleted() {
    return deletedHlc != null;
  }
}

package io.crmsync.core;

import java.util.List;
import java.util.Objects;

/**
 * One batch of changes between two programs of a sync, in either direction.
 *
 * @param from the sending program's id
 * @param seq this batch's sequence number (per sync and direction, increasing)
 * @param ack the sequence number of the last batch from the peer that the sender applied (0: none)
 * @param catalog the sender's fields of this sync
 * @param records the changed records
 * @param more whether the sender has more changes waiting
 * @param reload the sender asks for everything again (it started receiving more fields), so the
 *     receiver restarts the initial load of every table it sends in this sync
 */
public record Batch(
    String from,
    long seq,
    long ack,
    List<CatalogEntry> catalog,
    List<RecordChange> records,
    boolean more,
    boolean reload) {
  public Batch {
    Objects.requireNonNull(from, "from");
    if (seq < 0 || ack < 0) {
      throw new IllegalArgumentException("negative sequence number");
    }
    catalog = List.copyOf(catalog);
    records = List.copyOf(records);
  }

  public Batch(
      String from,
      long seq,
      long ack,
      List<CatalogEntry> catalog,
      List<RecordChange> records,
      boolean more) {
    this(from, seq, ack, catalog, records, more, false);
  }
}

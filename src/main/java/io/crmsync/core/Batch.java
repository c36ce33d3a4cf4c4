package io.crmsync.core;

import java.util.List;
import java.util.Map;
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
 * @param policy the sync's conflict policy as the sender applies it (the active program's setting
 *     governs; the passive one learns it from here); null when not told
 * @param names program names by program id: the sender's own and those of the origins of its values
 */
public record Batch(
    String from,
    long seq,
    long ack,
    List<CatalogEntry> catalog,
    List<RecordChange> records,
    boolean more,
    boolean reload,
    ConflictPolicy policy,
    Map<String, String> names) {
  public Batch {
    Objects.requireNonNull(from, "from");
    if (seq < 0 || ack < 0) {
      throw new IllegalArgumentException("negative sequence number");
    }
    catalog = List.copyOf(catalog);
    records = List.copyOf(records);
    names = Map.copyOf(names);
  }

  public Batch(
      String from,
      long seq,
      long ack,
      List<CatalogEntry> catalog,
      List<RecordChange> records,
      boolean more,
      boolean reload) {
    this(from, seq, ack, catalog, records, more, reload, null, Map.of());
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

  /** This batch with other records. */
  public Batch withRecords(List<RecordChange> other) {
    return new Batch(from, seq, ack, catalog, other, more, reload, policy, names);
  }
}

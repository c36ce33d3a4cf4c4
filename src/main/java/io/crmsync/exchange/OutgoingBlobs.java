package io.crmsync.exchange;

import io.crmsync.blob.BlobRef;
import io.crmsync.blob.BlobSpool;
import io.crmsync.core.Batch;
import io.crmsync.core.CatalogEntry;
import io.crmsync.core.FieldValue;
import io.crmsync.core.RecordChange;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.LargeValues;
import io.crmsync.db.TableInfo;
import io.crmsync.exchange.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The large values of a batch being built: each is copied from its CRM row into the spool, piece
 * by piece, and checked against its reference. A value edited since the batch read it (its own
 * journal entry follows) cannot be copied; it is left out of the batch.
 */
public final class OutgoingBlobs {
  private static final Logger LOG = Logger.getLogger(OutgoingBlobs.class.getName());

  private OutgoingBlobs() {}

  /** The large values a batch refers to. */
  public static Set<BlobRef> of(Batch batch) {
    Set<BlobRef> refs = new LinkedHashSet<>();
    for (RecordChange r : batch.records()) {
      for (FieldValue v : r.values()) {
        BlobRef.parse(v.value()).ifPresent(refs::add);
      }
    }
    return refs;
  }

  /** Spools the batch's large values; returns the batch without those that could not be. */
  public static Batch spool(Step step, Batch batch) throws SQLException {
    if (of(batch).isEmpty()) {
      return batch;
    }
    Map<Integer, CatalogEntry> fields = new HashMap<>();
    batch.catalog().forEach(e -> fields.put(e.number(), e));
    List<RecordChange> records = new ArrayList<>();
    for (RecordChange r : batch.records()) {
      List<FieldValue> kept = new ArrayList<>();
      for (FieldValue v : r.values()) {
        Optional<BlobRef> ref = BlobRef.parse(v.value());
        if (ref.isEmpty() || BlobSpool.has(ref.get()) || copied(step, r, fields.get(v.number()), ref.get())) {
          kept.add(v);
        }
      }
      if (kept.isEmpty() && !r.isDeleted() && !r.values().isEmpty()) {
        continue;
      }
      records.add(new RecordChange(r.gid(), r.table(), kept, r.deletedHlc(), r.deletedOrigin()));
    }
    return batch.withRecords(records);
  }

  private static boolean copied(Step step, RecordChange r, CatalogEntry field, BlobRef ref) throws SQLException {
    if (field == null) {
      return false;
    }
    Optional<TableInfo> table = step.db().table(step.c(), field.table());
    Optional<ColumnInfo> column = table.flatMap(t -> t.column(field.column()));
    String localId = localId(step, r.gid());
    if (column.isEmpty() || localId == null) {
      return false;
    }
    try {
      BlobSpool.put(ref, out -> {
        try {
          LargeValues.copy(step.c(), step.db().dialect(), table.get(), localId, column.get(), ref.length(), out);
        } catch (SQLException e) {
          throw new IOException(e.getMessage(), e);
        }
      });
      return true;
    } catch (BlobSpool.MismatchException e) {
      LOG.log(Level.FINE, "crm-sync: large value left out of a batch (edited since it was read)", e);
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spool a large value: " + e.getMessage(), e);
    }
  }

  private static String localId(Step step, String gid) throws SQLException {
    try (PreparedStatement ps = step.c().prepareStatement("SELECT local_id FROM crmsync_record WHERE gid = ?")) {
      ps.setString(1, gid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}

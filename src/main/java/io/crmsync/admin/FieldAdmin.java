package io.crmsync.admin;

import io.crmsync.config.ConfigSource;
import io.crmsync.config.ConfigStore;
import io.crmsync.config.FieldDef;
import io.crmsync.config.FieldEntity;
import io.crmsync.config.SyncDef;
import io.crmsync.config.SyncTableEntity;
import io.crmsync.core.Direction;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.Database;
import io.crmsync.db.SchemaReader;
import io.crmsync.db.TableInfo;
import io.crmsync.exchange.Loads;
import io.crmsync.exchange.SyncState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Adds, changes and removes the fields of a sync, one at a time or a whole table at once, and the
 * table settings (peer table, system fields). Each field gets a number unique in the program.
 */
@ApplicationScoped
public class FieldAdmin {
  @Inject Database db;
  @Inject ConfigSource configs;
  @Inject SyncAdmin syncs;
  @Inject Captures captures;

  public List<FieldDef> fields(long syncId) {
    syncs.find(syncId);
    return configs.config().fieldsOf(syncId);
  }

  public FieldDef addField(long syncId, FieldRequest r) {
    SyncDef sync = syncs.find(syncId);
    TableInfo table = table(r.table());
    ColumnInfo column = syncableColumn(table, r.column());
    Direction direction = required(r.direction());
    validateRemoteNumber(r.remoteNumber());
    boolean exists =
        configs.config().fieldsOf(syncId).stream()
            .anyMatch(f -> f.table().equalsIgnoreCase(table.name()) && f.column().equalsIgnoreCase(column.name()));
    if (exists) {
      throw ApiException.conflict(
          "field " + table.name() + "." + column.name() + " is already in sync '" + sync.name() + "'")
          .coded("field.exists", table.name() + "." + column.name(), sync.name());
    }
    captures.ensure(table);
    return configs
        .configStore()
        .change(
            em -> {
              FieldDef f = persistField(em, syncId, table.name(), column.name(), direction, r.remoteNumber());
              if (direction.sends()) {
                requestLoad(em, syncId, table.name());
              }
              if (direction.receives()) {
                requestReload(em, syncId);
              }
              return f;
            });
  }

  public FieldDef updateField(long syncId, int number, FieldRequest r) {
    syncs.find(syncId);
    FieldDef old = field(syncId, number);
    if (r.remoteNumber() != null) {
      validateRemoteNumber(r.remoteNumber());
    }
    Direction direction = r.direction() == null ? old.direction() : r.direction();
    boolean startsSending = direction.sends() && !old.direction().sends();
    boolean startsReceiving = direction.receives() && !old.direction().receives();
    return configs
        .configStore()
        .change(
            em -> {
              FieldEntity f = em.find(FieldEntity.class, number);
              f.setDirection(direction);
              if (r.remoteNumber() != null) {
                f.setRemoteNumber(r.remoteNumber() == 0 ? null : r.remoteNumber());
              }
              if (startsSending) {
                requestLoad(em, syncId, f.getTable());
              }
              if (startsReceiving || r.remoteNumber() != null) {
                requestReload(em, syncId);
              }
              return f.def();
            });
  }

  public void deleteField(long syncId, int number) {
    syncs.find(syncId);
    FieldDef old = field(syncId, number);
    configs
        .configStore()
        .change(
            em -> {
              em.remove(em.find(FieldEntity.class, number));
              return null;
            });
    captures.removeUnused(List.of(old.table()));
  }

  static SyncTableEntity tableEntity(EntityManager em, long syncId, String table) {
    SyncTableEntity t = em.find(SyncTableEntity.class, SyncTableEntity.key(syncId, table));
    if (t == null) {
      t = new SyncTableEntity();
      t.setSyncId(syncId);
      t.setTable(table);
      em.persist(t);
    }
    return t;
  }

  static FieldDef persistField(
      EntityManager em, long syncId, String table, String column, Direction d, Integer remote) {
    FieldEntity f = new FieldEntity();
    f.setNumber((int) ConfigStore.next(em, "next_field_number"));
    f.setSyncId(syncId);
    f.setTable(table);
    f.setColumn(column);
    f.setDirection(d);
    f.setRemoteNumber(remote);
    em.persist(f);
    return f.def();
  }

  /** Starts (or restarts) sending the table's existing rows, in the same transaction. */
  static void requestLoad(EntityManager em, long syncId, String table) {
    ConfigStore.jdbc(em, c -> Loads.request(c, syncId, table));
  }

  /**
   * Asks the peer, in the next batch, to send its existing rows again: this side now receives
   * fields (or maps them) that the peer's earlier batches carried while nothing here took them.
   */
  static void requestReload(EntityManager em, long syncId) {
    ConfigStore.jdbc(em, c -> SyncState.requestReload(c, syncId));
  }

  private FieldDef field(long syncId, int number) {
    return configs.config().fieldsOf(syncId).stream()
        .filter(f -> f.number() == number)
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("sync " + syncId + " has no field number " + number));
  }

  TableInfo table(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("table is required");
    }
    TableInfo t;
    try (Connection c = db.connection()) {
      t = SchemaReader.table(c, name.trim()).orElse(null);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the CRM's tables: " + e.getMessage(), e);
    }
    if (t == null) {
      throw ApiException.badRequest("unknown table: " + name).coded("table.unknown", name);
    }
    if (t.primaryKey() == null) {
      throw ApiException.badRequest("table " + t.name() + " has no single-column primary key (ID) and cannot be synced")
          .coded("table.noKey", t.name());
    }
    return t;
  }

  private static ColumnInfo syncableColumn(TableInfo table, String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("column is required");
    }
    ColumnInfo c =
        table.column(name.trim())
            .orElseThrow(() -> ApiException.badRequest("unknown column: " + table.name() + "." + name)
                .coded("column.unknown", table.name(), name));
    if (c.name().equalsIgnoreCase(table.primaryKey())) {
      throw ApiException.badRequest(
          c.name() + " is the ID of " + table.name() + ": local IDs are never synced (records are matched by a global id)")
          .coded("column.isId", c.name());
    }
    if (table.isForeignKey(c.name())) {
      throw ApiException.badRequest(
          c.name() + " is a link to another table (foreign key); linked fields cannot be synced yet")
          .coded("column.isLink", c.name());
    }
    return c;
  }

  static Direction required(Direction d) {
    if (d == null) {
      throw ApiException.badRequest("direction is required: BOTH, UPLOAD, DOWNLOAD or OFF");
    }
    return d;
  }

  private static void validateRemoteNumber(Integer n) {
    if (n != null && n < 0) {
      throw ApiException.badRequest("remoteNumber must be a field number of the other program");
    }
  }
}

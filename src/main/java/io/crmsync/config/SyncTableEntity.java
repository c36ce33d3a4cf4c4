package io.crmsync.config;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** Per sync and table: the peer's table name and the system fields. */
@Entity
@Table(name = "crmsync_sync_table")
@IdClass(SyncTableEntity.Key.class)
public class SyncTableEntity {
  @Id
  @Column(name = "sync_id")
  long syncId;

  @Id
  @Column(name = "tbl")
  String table;

  @Column(name = "remote_table")
  String remoteTable;

  @Column(name = "status_column")
  String statusColumn;

  @Column(name = "deleted_value")
  String deletedValue;

  @Column(name = "added_time_column")
  String addedTimeColumn;

  public TableDef def() {
    return new TableDef(syncId, table, remoteTable, statusColumn, deletedValue, addedTimeColumn);
  }

  /** The composite key. */
  public static class Key implements Serializable {
    long syncId;
    String table;

    public Key() {}

    Key(long syncId, String table) {
      this.syncId = syncId;
      this.table = table;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.syncId == syncId && Objects.equals(k.table, table);
    }

    @Override
    public int hashCode() {
      return Objects.hash(syncId, table);
    }
  }

  public long getSyncId() { return syncId; }
  public void setSyncId(long syncId) { this.syncId = syncId; }
  public String getTable() { return table; }
  public void setTable(String table) { this.table = table; }
  public String getRemoteTable() { return remoteTable; }
  public void setRemoteTable(String remoteTable) { this.remoteTable = remoteTable; }
  public String getStatusColumn() { return statusColumn; }
  public void setStatusColumn(String statusColumn) { this.statusColumn = statusColumn; }
  public String getDeletedValue() { return deletedValue; }
  public void setDeletedValue(String deletedValue) { this.deletedValue = deletedValue; }
  public String getAddedTimeColumn() { return addedTimeColumn; }
  public void setAddedTimeColumn(String addedTimeColumn) { this.addedTimeColumn = addedTimeColumn; }


  /** The primary key of a row. */
  public static Key key(long syncId, String table) { return new Key(syncId, table); }
}

package io.crmsync.config;

import io.crmsync.core.Direction;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A field of a sync as stored; its number is unique in the program. */
@Entity
@Table(name = "crmsync_field")
public class FieldEntity {
  @Id int number;

  @Column(name = "sync_id")
  long syncId;

  @Column(name = "tbl")
  String table;

  @Column(name = "col")
  String column;

  @Enumerated(EnumType.STRING)
  Direction direction;

  @Column(name = "remote_number")
  Integer remoteNumber;

  public FieldDef def() {
    return new FieldDef(number, syncId, table, column, direction, remoteNumber);
  }

  public int getNumber() { return number; }
  public void setNumber(int number) { this.number = number; }
  public long getSyncId() { return syncId; }
  public void setSyncId(long syncId) { this.syncId = syncId; }
  public String getTable() { return table; }
  public void setTable(String table) { this.table = table; }
  public String getColumn() { return column; }
  public void setColumn(String column) { this.column = column; }
  public Direction getDirection() { return direction; }
  public void setDirection(Direction direction) { this.direction = direction; }
  public Integer getRemoteNumber() { return remoteNumber; }
  public void setRemoteNumber(Integer remoteNumber) { this.remoteNumber = remoteNumber; }

}

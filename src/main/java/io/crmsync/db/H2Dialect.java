package io.crmsync.db;

import io.crmsync.capture.H2CaptureTrigger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** H2, the embedded default: a Java trigger class per synced table. */
final class H2Dialect implements Dialect {
  @Override
  public String name() {
    return "H2";
  }

  @Override
  public String textType() {
    return "CHARACTER VARYING";
  }

  @Override
  public String upsertVersions(int rows) {
    return "MERGE INTO crmsync_version(gid, fields) KEY(gid) VALUES " + Dialect.tuples(rows, 2);
  }

  @Override
  public void installCapture(Connection c, TableInfo table) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TRIGGER IF NOT EXISTS "
              + trigger(table.name())
              + " AFTER INSERT, UPDATE, DELETE ON "
              + quote(table.name())
              + " FOR EACH ROW CALL "
              + Dialect.literal(H2CaptureTrigger.class.getName()));
    }
  }

  @Override
  public void removeCapture(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER IF EXISTS " + trigger(table));
    }
  }

  private String trigger(String table) {
    return quote(Dialect.objectName("CRMSYNC_CAP_", table, 128));
  }
}

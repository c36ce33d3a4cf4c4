package io.crmsync.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** MariaDB and MySQL: three row triggers per synced table. */
final class MariaDbDialect implements Dialect {
  @Override
  public String name() {
    return "MariaDB";
  }

  @Override
  public String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  @Override
  public String type(String placeholder) {
    return switch (placeholder) {
      case "id" -> "BIGINT AUTO_INCREMENT PRIMARY KEY";
      case "text" -> "MEDIUMTEXT";
      case "ts" -> "DATETIME(3)";
      case "bool" -> "BOOLEAN";
      case "options" -> " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
      default -> throw new IllegalArgumentException(placeholder);
    };
  }

  @Override
  public String hex(String q) {
    return "LOWER(HEX(" + q + "))";
  }

  @Override
  public String sha256Hex(String q) {
    return "SHA2(" + q + ", 256)";
  }

  @Override
  public String binaryPiece(String q) {
    return "SUBSTRING(" + q + ", ?, ?)";
  }

  @Override
  public String upsertVersions(int rows) {
    return "INSERT INTO crmsync_version(gid, fields) VALUES " + Dialect.tuples(rows, 2)
        + " ON DUPLICATE KEY UPDATE fields = VALUES(fields)";
  }

  @Override
  public void installCapture(Connection c, TableInfo table) throws SQLException {
    String t = quote(table.name());
    String pk = quote(table.primaryKey());
    String insert =
        "INSERT INTO crmsync_capture(tbl, pk, op, changed_at) VALUES ("
            + Dialect.literal(table.name())
            + ", %s.%s, '%s', ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000))";
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TRIGGER IF NOT EXISTS "
              + trigger(table.name(), "i")
              + " AFTER INSERT ON "
              + t
              + " FOR EACH ROW "
              + insert.formatted("NEW", pk, "U"));
      s.execute(
          "CREATE TRIGGER IF NOT EXISTS "
              + trigger(table.name(), "u")
              + " AFTER UPDATE ON "
              + t
              + " FOR EACH ROW BEGIN IF NOT (OLD."
              + pk
              + " <=> NEW."
              + pk
              + ") THEN "
              + insert.formatted("OLD", pk, "D")
              + "; END IF; "
              + insert.formatted("NEW", pk, "U")
              + "; END");
      s.execute(
          "CREATE TRIGGER IF NOT EXISTS "
              + trigger(table.name(), "d")
              + " AFTER DELETE ON "
              + t
              + " FOR EACH ROW "
              + insert.formatted("OLD", pk, "D"));
    }
  }

  @Override
  public void removeCapture(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String kind : new String[] {"i", "u", "d"}) {
        s.execute("DROP TRIGGER IF EXISTS " + trigger(table, kind));
      }
    }
  }

  private String trigger(String table, String kind) {
    return quote(Dialect.objectName("crmsync_" + kind + "_", table, 64));
  }
}

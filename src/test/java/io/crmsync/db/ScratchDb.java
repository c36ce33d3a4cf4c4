package io.crmsync.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away database for one test: an in-memory H2 database, or a uniquely named database on the
 * local PostgreSQL or MariaDB server, dropped again on {@link #close()}.
 */
public final class ScratchDb implements AutoCloseable {
  /** The databases crm-sync supports. */
  public enum Kind {
    H2,
    POSTGRES,
    MARIADB
  }

  private static final String PG_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String MARIA_SERVER = "jdbc:mariadb://127.0.0.1:3306/";

  private final Kind kind;
  private final String name;
  private final Connection connection;

  private ScratchDb(Kind kind, String name) throws SQLException {
    this.kind = kind;
    this.name = name;
    this.connection = connect();
  }

  /** Creates a fresh, empty database of this kind. */
  public static ScratchDb create(Kind kind) throws SQLException {
    String name = "crmsync_ut_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    if (kind != Kind.H2) {
      try (Connection admin = admin(kind);
          Statement s = admin.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
    }
    return new ScratchDb(kind, name);
  }

  /** The connection opened with the database (auto-commit). */
  public Connection connection() {
    return connection;
  }

  public Kind kind() {
    return kind;
  }

  /** A new connection to the database; the caller closes it. */
  public Connection connect() throws SQLException {
    return switch (kind) {
      case H2 -> DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
      case POSTGRES -> DriverManager.getConnection(PG_SERVER + name, "postgres", "");
      case MARIADB -> DriverManager.getConnection(MARIA_SERVER + name, "root", "");
    };
  }

  /** Runs statements in auto-commit mode. */
  public void execute(String... sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  /** The name as this database folds unquoted identifiers (H2: upper case). */
  public String folded(String identifier) {
    return kind == Kind.H2 ? identifier.toUpperCase(Locale.ROOT) : identifier.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() throws SQLException {
    if (kind == Kind.H2) {
      execute("SHUTDOWN");
      connection.close();
      return;
    }
    connection.close();
    try (Connection admin = admin(kind);
        Statement s = admin.createStatement()) {
      s.execute(
          kind == Kind.POSTGRES
              ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
              : "DROP DATABASE IF EXISTS " + name);
    }
  }

  private static Connection admin(Kind kind) throws SQLException {
    return kind == Kind.POSTGRES
        ? DriverManager.getConnection(PG_SERVER + "postgres", "postgres", "")
        : DriverManager.getConnection(MARIA_SERVER, "root", "");
  }
}

package io.crmsync.app;

import io.crmsync.blob.BlobSpool;
import io.crmsync.config.ConfigSnapshot;
import io.crmsync.config.ConfigSource;
import io.crmsync.config.ConfigStore;
import io.crmsync.db.Database;
import io.crmsync.db.Dialect;
import io.crmsync.db.Migrations;
import io.crmsync.db.SchemaReader;
import io.crmsync.db.TableInfo;
import io.crmsync.security.Seal;
import io.crmsync.settings.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * This program: the CRM data source, its dialect, crm-sync's tables (migrated at start), the
 * program id, and cached views of the configuration and of table metadata.
 */
@ApplicationScoped
public class Program implements Database, ConfigSource {
  private static final Logger LOG = Logger.getLogger(Program.class.getName());
  private static final long TABLE_CACHE_MILLIS = 30_000;

  private volatile DataSource dataSource;
  private volatile Dialect dialect;
  private volatile String programId;
  private volatile ConfigStore configStore;
  private volatile ConfigSnapshot config;
  /** When the cached configuration's version was last compared with the database's. */
  private volatile long configCheckedAt;
  private final Map<String, Cached> tables = new ConcurrentHashMap<>();

  private record Cached(Optional<TableInfo> table, long at) {}

  /** Connects to the CRM database and migrates crm-sync's tables; safe to call more than once. */
  public synchronized void start() {
    if (programId != null) {
      return;
    }
    String jndi = Settings.get(Settings.DATASOURCE, "jdbc/crm");
    try {
      DataSource ds = (DataSource) new InitialContext().lookup(jndi);
      try (Connection c = ds.getConnection()) {
        Dialect d = Dialect.of(c);
        Migrations.migrate(c, d);
        String id = ensureProgramRow(c);
        this.dataSource = ds;
        this.dialect = d;
        this.configStore = new ConfigStore(ds);
        this.programId = id;
        BlobSpool.init(
            Path.of(Settings.get(Settings.BLOB_DIR, System.getProperty("java.io.tmpdir") + "/crmsync-blobs/" + id)));
        LOG.info(() -> "crm-sync started: program " + id + " on " + d.name() + " (" + jndi + ")");
        if (Seal.unsealedForMeasurement()) {
          LOG.warning("crm-sync runs UNSEALED (-D" + Seal.UNSEALED_FLAG + "=true): batches and files travel"
              + " in clear, for benchmark measurements only; programs that seal refuse them. Start it without"
              + " that flag for real use.");
        }
      }
    } catch (NamingException e) {
      throw new IllegalStateException(
          "crm-sync: no DataSource at JNDI name '" + jndi + "' (set " + Settings.DATASOURCE + ")", e);
    } catch (SQLException e) {
      throw new IllegalStateException("crm-sync: cannot prepare its tables: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("crm-sync: cannot create its large-value folder: " + e.getMessage(), e);
    }
  }

  private static String ensureProgramRow(Connection c) throws SQLException {
    c.setAutoCommit(true);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT program_id FROM crmsync_program WHERE id = 1")) {
      if (rs.next()) {
        return rs.getString(1);
      }
    }
    String id = UUID.randomUUID().toString();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO crmsync_program(id, program_id, config_version, next_sync_id,"
                + " next_field_number) VALUES (1, ?, 1, 1, 1)")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
    return id;
  }

  private void ensureStarted() {
    if (programId == null) {
      start();
    }
  }

  public String programId() {
    ensureStarted();
    return programId;
  }

  @Override
  public Dialect dialect() {
    ensureStarted();
    return dialect;
  }

  @Override
  public ConfigStore configStore() {
    ensureStarted();
    return configStore;
  }

  public EntityManagerFactory emf() {
    return configStore().emf();
  }

  /**
   * A new connection to the CRM database, in auto-commit mode. Right after the database dropped
   * its sessions (a restart), the pool can hand out a connection that died after its validation
   * ("This connection has been closed", SQLSTATE 08003, seen once in 20 restarts of the full fault
   * suite): such a connection is closed, so that the pool drops it, and another is taken, up to
   * three times.
   */
  @Override
  public Connection connection() throws SQLException {
    ensureStarted();
    SQLException dead = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Connection c = dataSource.getConnection();
      try {
        if (!c.getAutoCommit()) {
          c.setAutoCommit(true);
        }
        return c;
      } catch (SQLException e) {
        try {
          c.close();
        } catch (SQLException closing) {
          e.addSuppressed(closing);
        }
        if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
          throw e;
        }
        if (dead == null) {
          dead = e;
        } else {
          dead.addSuppressed(e);
        }
      }
    }
    throw dead;
  }

  /**
   * The configuration, reloaded when its version in the database changed (one cheap query), so
   * that every cluster member and every cycle sees edits made anywhere.
   */
  @Override
  public ConfigSnapshot config(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT config_version FROM crmsync_program WHERE id = 1")) {
      rs.next();
      return config(rs.getLong(1));
    }
  }

  /** The configuration of a version the caller just read from the database. */
  @Override
  public ConfigSnapshot config(long version) {
    ConfigSnapshot current = config;
    if (current == null || current.version() != version) {
      current = configStore().load(version);
      config = current;
      tables.clear();
    }
    configCheckedAt = System.currentTimeMillis();
    return current;
  }

  /**
   * The configuration, read from the database only if its version was not compared there within
   * {@code maxAgeMillis} (every sync step compares it under the program lock, so a loop that
   * just ran a cycle need not ask again).
   */
  @Override
  public ConfigSnapshot recentConfig(long maxAgeMillis) {
    ConfigSnapshot current = config;
    if (current != null && System.currentTimeMillis() - configCheckedAt < maxAgeMillis) {
      return current;
    }
    return config();
  }

  @Override
  public ConfigSnapshot config() {
    try (Connection c = connection()) {
      return config(c);
    } catch (SQLException e) {
      throw new IllegalStateException("crm-sync cannot read its configuration: " + e.getMessage(), e);
    }
  }

  /** Metadata of a CRM table, cached for a short while. */
  @Override
  public Optional<TableInfo> table(Connection c, String name) throws SQLException {
    String key = name.toLowerCase(java.util.Locale.ROOT);
    Cached cached = tables.get(key);
    long now = System.currentTimeMillis();
    if (cached == null || now - cached.at() > TABLE_CACHE_MILLIS) {
      cached = new Cached(SchemaReader.table(c, name), now);
      tables.put(key, cached);
    }
    return cached.table();
  }

  public void stop() {
    ConfigStore store = configStore;
    if (store != null) {
      store.close();
    }
  }
}

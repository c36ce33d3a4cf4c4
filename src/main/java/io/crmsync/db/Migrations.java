package io.crmsync.db;

import io.crmsync.db.VersionCodec.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates and migrates crm-sync's own tables ({@code crmsync_*}) in the CRM database. Each
 * migration is a list of statements with placeholders such as {@code ${id}} that the dialect fills
 * in; the version reached is kept in {@code crmsync_schema_version}. Never edit a released
 * migration: add a new one.
 */
public final class Migrations {
  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE crmsync_program (id INTEGER PRIMARY KEY, program_id VARCHAR(36) NOT NULL,"
                  + " config_version BIGINT NOT NULL, next_sync_id BIGINT NOT NULL,"
                  + " next_field_number INTEGER NOT NULL)${options}",
              "CREATE TABLE crmsync_sync (id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                  + " mode VARCHAR(10) NOT NULL, transport VARCHAR(10) NOT NULL,"
                  + " period_seconds INTEGER NOT NULL, remote_url VARCHAR(2000),"
                  + " sync_key VARCHAR(36) NOT NULL, peer_key VARCHAR(100),"
                  + " created_at ${ts} NOT NULL)${options}",
              "CREATE UNIQUE INDEX crmsync_sync_name ON crmsync_sync(name)",
              "CREATE UNIQUE INDEX crmsync_sync_key ON crmsync_sync(sync_key)",
              "CREATE TABLE crmsync_field (number INTEGER PRIMARY KEY, sync_id BIGINT NOT NULL,"
                  + " tbl VARCHAR(128) NOT NULL, col VARCHAR(128) NOT NULL,"
                  + " direction VARCHAR(10) NOT NULL, remote_number INTEGER)${options}",
              "CREATE UNIQUE INDEX crmsync_field_col ON crmsync_field(sync_id, tbl, col)",
              "CREATE TABLE crmsync_sync_table (sync_id BIGINT NOT NULL, tbl VARCHAR(128) NOT NULL,"
                  + " remote_table VARCHAR(128), status_column VARCHAR(128),"
                  + " deleted_value VARCHAR(200), added_time_column VARCHAR(128),"
                  + " PRIMARY KEY (sync_id, tbl))${options}",
              "CREATE TABLE crmsync_sync_state (sync_id BIGINT PRIMARY KEY,"
                  + " out_cursor BIGINT NOT NULL, out_seq BIGINT NOT NULL,"
                  + " pending_seq BIGINT NOT NULL, pending_end BIGINT NOT NULL,"
                  + " pending_load_tbl VARCHAR(128), pending_load_pk VARCHAR(255),"
                  + " pending_load_gen BIGINT, pending_load_done ${bool}, in_seq BIGINT NOT NULL,"
                  + " last_success_at ${ts}, last_attempt_at ${ts}, last_error VARCHAR(2000),"
                  + " lease_owner VARCHAR(100), lease_until BIGINT,"
                  + " reload_requested BIGINT DEFAULT 0 NOT NULL, pending_reload BIGINT)${options}",
              "CREATE TABLE crmsync_load (sync_id BIGINT NOT NULL, tbl VARCHAR(128) NOT NULL,"
                  + " last_pk VARCHAR(255), gen BIGINT NOT NULL,"
                  + " PRIMARY KEY (sync_id, tbl))${options}",
              "CREATE TABLE crmsync_capture (id ${id}, tbl VARCHAR(128) NOT NULL,"
                  + " pk VARCHAR(255) NOT NULL, op CHAR(1) NOT NULL,"
                  + " changed_at BIGINT NOT NULL)${options}",
              "CREATE TABLE crmsync_record (gid VARCHAR(36) PRIMARY KEY, tbl VARCHAR(128) NOT NULL,"
                  + " local_id VARCHAR(255), deleted_hlc BIGINT, deleted_origin VARCHAR(36))${options}",
              "CREATE UNIQUE INDEX crmsync_record_local ON crmsync_record(tbl, local_id)",
              "CREATE TABLE crmsync_field_version (gid VARCHAR(36) NOT NULL,"
                  + " col VARCHAR(128) NOT NULL, hash VARCHAR(32) NOT NULL, hlc BIGINT NOT NULL,"
                  + " origin VARCHAR(36) NOT NULL, via_sync BIGINT,"
                  + " PRIMARY KEY (gid, col))${options}",
              "CREATE TABLE crmsync_journal (seq ${id}, gid VARCHAR(36) NOT NULL,"
                  + " tbl VARCHAR(128) NOT NULL, col VARCHAR(128) NOT NULL, op CHAR(1) NOT NULL,"
                  + " hlc BIGINT NOT NULL, origin VARCHAR(36) NOT NULL, via_sync BIGINT)${options}",
              "CREATE TABLE crmsync_log (id ${id}, at ${ts} NOT NULL, sync_id BIGINT NOT NULL,"
                  + " sync_name VARCHAR(200) NOT NULL, direction VARCHAR(3) NOT NULL,"
                  + " tbl VARCHAR(128) NOT NULL, record_id VARCHAR(255), col VARCHAR(128),"
                  + " old_value ${text}, new_value ${text}, origin VARCHAR(36))${options}",
              "CREATE INDEX crmsync_log_sync ON crmsync_log(sync_id, id)",
              "CREATE TABLE crmsync_nonce (nonce VARCHAR(64) PRIMARY KEY, at BIGINT NOT NULL)${options}"),
          // 2: folder transports (LOCAL and FTP)
          List.of(
              "ALTER TABLE crmsync_sync ADD upload_dir VARCHAR(1000)",
              "ALTER TABLE crmsync_sync ADD download_dir VARCHAR(1000)",
              "ALTER TABLE crmsync_sync ADD ftp_host VARCHAR(255)",
              "ALTER TABLE crmsync_sync ADD ftp_port INTEGER",
              "ALTER TABLE crmsync_sync ADD ftp_user VARCHAR(200)",
              "ALTER TABLE crmsync_sync ADD ftp_password VARCHAR(500)",
              "ALTER TABLE crmsync_sync ADD ftp_tls ${bool}"),
          // 3: records the receiving database refused, kept for a retry (the quarantine)
          List.of(
              "CREATE TABLE crmsync_quarantine (id ${id}, sync_id BIGINT NOT NULL,"
                  + " tbl VARCHAR(128) NOT NULL, gid VARCHAR(36) NOT NULL, local_id VARCHAR(255),"
                  + " record ${text} NOT NULL, reason VARCHAR(2000) NOT NULL, at ${ts} NOT NULL,"
                  + " attempts INTEGER NOT NULL)${options}",
              "CREATE INDEX crmsync_quarantine_sync ON crmsync_quarantine(sync_id, id)"),
          // 4: one row of versions per record instead of one per field (see VersionCodec); the
          // rows of crmsync_field_version are packed into it by packFieldVersions, then dropped
          List.of(
              "CREATE TABLE crmsync_version (gid VARCHAR(36) PRIMARY KEY,"
                  + " fields ${text} NOT NULL)${options}"),
          // 5: conflict policies (set on the sync; learned by the passive side), conflicts
          // explained in the change log, and the names of the programs values come from
          List.of(
              "ALTER TABLE crmsync_sync ADD conflict_policy VARCHAR(20)",
              "ALTER TABLE crmsync_sync_state ADD peer_policy VARCHAR(20)",
              "ALTER TABLE crmsync_log ADD conflict_detail ${text}",
              "CREATE TABLE crmsync_origin (origin VARCHAR(36) PRIMARY KEY,"
                  + " name VARCHAR(200) NOT NULL)${options}"),
          // 6: the progress of initial loads: rows of the table when the load started, rows the
          // peer acknowledged, rows in the batch awaiting acknowledgement, and when it started
          List.of(
              "ALTER TABLE crmsync_load ADD rows_total BIGINT",
              "ALTER TABLE crmsync_load ADD rows_done BIGINT DEFAULT 0 NOT NULL",
              "ALTER TABLE crmsync_load ADD rows_pending BIGINT DEFAULT 0 NOT NULL",
              "ALTER TABLE crmsync_load ADD started_at BIGINT"),
          // 7: a sync's activity per minute for the last day (the chart on its page)
          List.of(
              "CREATE TABLE crmsync_activity (sync_id BIGINT NOT NULL, at_minute BIGINT NOT NULL,"
                  + " received INTEGER NOT NULL, sent INTEGER NOT NULL, delay_ms_sum BIGINT NOT NULL,"
                  + " delay_count INTEGER NOT NULL, PRIMARY KEY (sync_id, at_minute))${options}"),
          // 8: connecting by address: the address an active sync was given (its remote_url is the
          // peer URL found there), and a passive sync's key for recognising its password
          List.of(
              "ALTER TABLE crmsync_sync ADD remote_address VARCHAR(2000)",
              "ALTER TABLE crmsync_sync ADD discovery_key VARCHAR(100)"));

  /** Work in Java after the statements of a migration (by its number), in its transaction. */
  private static final Map<Integer, JavaStep> AFTER = Map.of(4, Migrations::packFieldVersions);

  private interface JavaStep {
    void run(Connection c, Dialect dialect) throws SQLException;
  }

  private Migrations() {}

  /** Brings crm-sync's tables up to the newest version; returns the version reached. */
  public static int migrate(Connection c, Dialect dialect) throws SQLException {
    return migrate(c, dialect, MIGRATIONS.size());
  }

  /** Brings crm-sync's tables up to version {@code target} (tests of a later migration's data). */
  static int migrate(Connection c, Dialect dialect, int target) throws SQLException {
    int current = currentVersion(c, dialect);
    for (int v = current + 1; v <= target; v++) {
      LOG.info(() -> "crm-sync: migrating its tables to version " + MIGRATIONS.size());
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : MIGRATIONS.get(v - 1)) {
          s.execute(fill(sql, dialect));
        }
        if (AFTER.containsKey(v)) {
          AFTER.get(v).run(c, dialect);
        }
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO crmsync_schema_version(version) VALUES (?)")) {
          ps.setInt(1, v);
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw new SQLException("crm-sync migration " + v + " failed: " + e.getMessage(), e);
      } finally {
        c.setAutoCommit(auto);
      }
    }
    return Math.max(current, target);
  }

  /** Migration 4: packs the per-field rows of each record into one row of crmsync_version. */
  private static void packFieldVersions(Connection c, Dialect dialect) throws SQLException {
    MultiRowInsert insert =
        MultiRowInsert.into(c, dialect, "INSERT INTO crmsync_version(gid, fields)",
            Types.VARCHAR, Types.VARCHAR);
    try (Statement s = c.createStatement()) {
      s.setFetchSize(1000);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT gid, col, hash, hlc, origin, via_sync FROM crmsync_field_version"
                  + " ORDER BY gid")) {
        String gid = null;
        Map<String, Version> fields = new HashMap<>();
        while (rs.next()) {
          if (gid != null && !gid.equals(rs.getString(1))) {
            insert.add(gid, VersionCodec.pack(fields));
            fields.clear();
            if (insert.pending() >= 1000) {
              insert.flush();
            }
          }
          gid = rs.getString(1);
          long via = rs.getLong(6);
          Long viaSync = rs.wasNull() ? null : via;
          fields.put(rs.getString(2),
              new Version(rs.getString(3), rs.getLong(4), rs.getString(5), viaSync));
        }
        if (gid != null) {
          insert.add(gid, VersionCodec.pack(fields));
        }
      }
      insert.flush();
      s.execute("DROP TABLE crmsync_field_version");
    }
  }

  private static int currentVersion(Connection c, Dialect dialect) throws SQLException {
    if (!ownTableExists(c, "crmsync_schema_version")) {
      try (Statement s = c.createStatement()) {
        s.execute(
            fill("CREATE TABLE crmsync_schema_version (version INTEGER PRIMARY KEY)${options}", dialect));
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return 0;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM crmsync_schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static String fill(String sql, Dialect dialect) {
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(dialect.type(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean ownTableExists(Connection c, String name) throws SQLException {
    try (ResultSet rs =
        c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        if (rs.getString("TABLE_NAME").equalsIgnoreCase(name)) {
          return true;
        }
      }
    }
    return false;
  }
}

package io.crmsync.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.db.VersionCodec.Version;
import io.crmsync.journal.VersionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationsTest {
  private static final List<String> OWN_TABLES =
      List.of(
          "crmsync_activity", "crmsync_capture", "crmsync_field", "crmsync_journal",
          "crmsync_load", "crmsync_log", "crmsync_nonce", "crmsync_origin", "crmsync_program", "crmsync_quarantine", "crmsync_record",
          "crmsync_schema_version", "crmsync_sync", "crmsync_sync_state", "crmsync_sync_table", "crmsync_version");

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void migrationCreatesAllOwnTables(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = ScratchDb.create(kind)) {
      int version = Migrations.migrate(db.connection(), Dialect.of(db.connection()));

      assertThat(version).isPositive();
      assertThat(ownTables(db)).containsExactlyInAnyOrderElementsOf(OWN_TABLES);
      assertThat(versionRows(db)).isEqualTo(version);
    }
  }

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void secondMigrationChangesNothing(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = ScratchDb.create(kind)) {
      Dialect dialect = Dialect.of(db.connection());
      int version = Migrations.migrate(db.connection(), dialect);
      db.execute("INSERT INTO crmsync_nonce(nonce, at) VALUES ('n1', 1)");

      assertThat(Migrations.migrate(db.connection(), dialect)).isEqualTo(version);

      assertThat(ownTables(db)).containsExactlyInAnyOrderElementsOf(OWN_TABLES);
      assertThat(versionRows(db)).isEqualTo(version);
      assertThat(count(db, "SELECT COUNT(*) FROM crmsync_nonce")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void migrationLeavesTheCallersAutoCommitAsItWas(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = ScratchDb.create(kind)) {
      Migrations.migrate(db.connection(), Dialect.of(db.connection()));
      assertThat(db.connection().getAutoCommit()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void migrationFourPacksTheFieldVersionsOfEachRecordIntoOneRow(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = ScratchDb.create(kind)) {
      Dialect dialect = Dialect.of(db.connection());
      Migrations.migrate(db.connection(), dialect, 3);
      db.execute(
          "INSERT INTO crmsync_field_version(gid, col, hash, hlc, origin, via_sync) VALUES"
              + " ('g1', 'name', 'h1', 10, 'p1', NULL), ('g1', 'phone', 'h2', 11, 'p2', 7),"
              + " ('g2', 'name', 'h3', 12, 'p1', NULL)");

      assertThat(Migrations.migrate(db.connection(), dialect)).isGreaterThanOrEqualTo(4);

      assertThat(ownTables(db)).containsExactlyInAnyOrderElementsOf(OWN_TABLES);
      Map<String, Map<String, Version>> versions =
          new VersionStore(db.connection(), dialect).versions(List.of("g1", "g2", "g3"));
      assertThat(versions).containsOnlyKeys("g1", "g2");
      assertThat(versions.get("g1"))
          .containsEntry("name", new Version("h1", 10, "p1", null))
          .containsEntry("phone", new Version("h2", 11, "p2", 7L))
          .hasSize(2);
      assertThat(versions.get("g2")).containsExactly(Map.entry("name", new Version("h3", 12, "p1", null)));
    }
  }

  private static List<String> ownTables(ScratchDb db) throws SQLException {
    List<String> names = new ArrayList<>();
    var c = db.connection();
    try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (name.startsWith("crmsync_")) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static int versionRows(ScratchDb db) throws SQLException {
    return count(db, "SELECT COUNT(*) FROM crmsync_schema_version");
  }

  static int count(ScratchDb db, String sql) throws SQLException {
    try (Statement s = db.connection().createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}

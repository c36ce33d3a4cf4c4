package io.crmsync.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.db.Dialect;
import io.crmsync.db.Migrations;
import io.crmsync.db.ScratchDb;
import io.crmsync.db.VersionCodec.Version;
import io.crmsync.log.ChangeLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VersionStoreTest {

    @ParameterizedTest
    @EnumSource(ScratchDb.Kind.class)
    void multiRowWritesKeepTheLastVersionOfEachField(ScratchDb.Kind kind) throws SQLException {
        try (ScratchDb db = ScratchDb.create(kind)) {
            Dialect dialect = Dialect.of(db.connection());
            Migrations.migrate(db.connection(), dialect);
            VersionStore store = new VersionStore(db.connection(), dialect);
            for (int i = 0; i < 1200; i++) {
                store.insertRecord("g" + i, "clients", Integer.toString(i));
                store.putVersion("g" + i, "name", new Version("h" + i, i, "p", null));
            }
            store.putVersion("g7", "name", new Version("newer", 99, "q", 3L));
            store.flush();
            store.putVersion("g8", "name", new Version("again", 100, "p", null));
            store.flush();

            Map<String, Map<String, Version>> versions = store.versions(List.of("g7", "g8", "g9"));
            assertThat(versions.get("g7").get("name")).isEqualTo(new Version("newer", 99, "q", 3L));
            assertThat(versions.get("g8").get("name")).isEqualTo(new Version("again", 100, "p", null));
            assertThat(versions.get("g9").get("name")).isEqualTo(new Version("h9", 9, "p", null));
            assertThat(store.gidsOf("clients", List.of("0", "1199"))).containsEntry("0", "g0").containsEntry("1199", "g1199");
            assertThat(count(db, "SELECT COUNT(*) FROM crmsync_version")).isEqualTo(1200);
        }
    }

    @ParameterizedTest
    @EnumSource(ScratchDb.Kind.class)
    void aVersionWrittenWithoutReadingTheRecordFirstKeepsTheOtherFields(ScratchDb.Kind kind) throws SQLException {
        try (ScratchDb db = ScratchDb.create(kind)) {
            Dialect dialect = Dialect.of(db.connection());
            Migrations.migrate(db.connection(), dialect);
            VersionStore first = new VersionStore(db.connection(), dialect);
            first.insertRecord("g1", "clients", "1");
            first.putVersion("g1", "name", new Version("n", 1, "p", null));
            first.putVersion("g1", "phone", new Version("p", 2, "p", null));
            first.flush();

            VersionStore second = new VersionStore(db.connection(), dialect);
            second.putVersion("g1", "phone", new Version("p2", 3, "q", 5L));
            second.flush();
            // rolled back to a savepoint: what was collected and what was known is forgotten
            second.putVersion("g1", "name", new Version("lost", 4, "q", null));
            second.discard();
            second.putVersion("g1", "qty", new Version("q", 5, "p", null));
            second.flush();

            assertThat(new VersionStore(db.connection(), dialect).versions(List.of("g1")).get("g1"))
                    .containsOnly(
                            Map.entry("name", new Version("n", 1, "p", null)),
                            Map.entry("phone", new Version("p2", 3, "q", 5L)),
                            Map.entry("qty", new Version("q", 5, "p", null)));
        }
    }

    @ParameterizedTest
    @EnumSource(ScratchDb.Kind.class)
    void journalAndLogRowsKeepTheirOrder(ScratchDb.Kind kind) throws SQLException {
        try (ScratchDb db = ScratchDb.create(kind)) {
            Dialect dialect = Dialect.of(db.connection());
            Migrations.migrate(db.connection(), dialect);
            VersionStore store = new VersionStore(db.connection(), dialect);
            ChangeLog log = new ChangeLog(db.connection(), dialect, 1, "s");
            for (int i = 0; i < 700; i++) {
                store.journal("g" + i, "clients", "name", 'U', i, "p", i % 2 == 0 ? null : 1L);
                log.add(ChangeLog.IN, "clients", Integer.toString(i), "name", null, "v" + i, "p");
            }
            store.flush();
            log.flush();

            assertThat(column(db, "SELECT gid FROM crmsync_journal ORDER BY seq")).hasSize(700)
                    .startsWith("g0", "g1", "g2").endsWith("g699");
            assertThat(count(db, "SELECT COUNT(*) FROM crmsync_journal WHERE via_sync IS NULL")).isEqualTo(350);
            assertThat(column(db, "SELECT new_value FROM crmsync_log ORDER BY id")).hasSize(700)
                    .startsWith("v0", "v1").endsWith("v699");
        }
    }

    @ParameterizedTest
    @EnumSource(ScratchDb.Kind.class)
    void receivedChangesNoOtherSyncCouldSendAreNotJournaled(ScratchDb.Kind kind) throws SQLException {
        try (ScratchDb db = ScratchDb.create(kind)) {
            Dialect dialect = Dialect.of(db.connection());
            Migrations.migrate(db.connection(), dialect);
            // Sync 2 also has a field on "clients"; nothing else but sync 1 has "invoices".
            VersionStore store = new VersionStore(db.connection(), dialect)
                    .relayingOnly((table, via) -> table.equalsIgnoreCase("clients") && via == 1L);
            store.journal("local", "invoices", "total", 'U', 1, "p", null);
            store.journal("via1", "CLIENTS", "name", 'U', 2, "q", 1L);
            store.journal("via1-invoice", "invoices", "total", 'U', 3, "q", 1L);
            store.journal("via2", "clients", "name", 'U', 4, "r", 2L);
            store.journal("via1-deleted", "invoices", "$deleted", 'D', 5, "q", 1L);
            store.flush();

            assertThat(column(db, "SELECT gid FROM crmsync_journal ORDER BY seq")).containsExactly("local", "via1");
        }
    }

    private static int count(ScratchDb db, String sql) throws SQLException {
        return Integer.parseInt(column(db, sql).get(0));
    }

    private static List<String> column(ScratchDb db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

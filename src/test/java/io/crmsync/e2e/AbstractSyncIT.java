package io.crmsync.e2e;

import static io.crmsync.e2e.ClientsTable.DATA_COLUMNS;
import static io.crmsync.e2e.Direction.BOTH;
import static io.crmsync.e2e.Direction.DOWNLOAD;
import static io.crmsync.e2e.Direction.OFF;
import static io.crmsync.e2e.Direction.UPLOAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
/**
 * End-to-end behaviour of two programs synced over HTTP: A holds the ACTIVE sync, B the PASSIVE one (see
 * {@link TwoProgramsIT} for how the programs and databases are set up).
 */
abstract class AbstractSyncIT extends TwoProgramsIT {

    protected AbstractSyncIT(CrmDatabase.Kind kind, String namePrefix, int portA, int portB) {
        super(kind, namePrefix, portA, portB);
    }

    // ---- scenarios ------------------------------------------------------------------------------------

    @Test
    void insertedRowsArriveOnTheOtherSideInBothDirections() {
        String t = newTable("insert");
        SyncPair pair = newPair("insert");
        pair.addFields(t, BOTH, BOTH, DATA_COLUMNS);

        ClientsTable.insert(a.db(), t, row("name", "alice", "phone", "+1 555 0100", "qty", 1,
                "amount", new BigDecimal("10.50"), "born", LocalDate.of(1990, 5, 17), "vip", true));
        ClientsTable.insert(b.db(), t, row("name", "bob", "phone", "+1 555 0200", "qty", 2,
                "seen_at", LocalDateTime.of(2025, 1, 2, 3, 4, 5), "vip", false));

        awaitTablesEqual(t, DATA_COLUMNS, SYNC_TIMEOUT, 2);
        assertThat(ClientsTable.value(b.db(), t, "alice", "phone")).isEqualTo("+1 555 0100");
        assertThat(ClientsTable.value(a.db(), t, "bob", "phone")).isEqualTo("+1 555 0200");
        // Records are matched by global id, not by local id: the two sides' ids differ.
        assertThat(ClientsTable.idOf(b.db(), t, "alice")).isNotEqualTo(ClientsTable.idOf(a.db(), t, "alice"));
    }

    @Test
    void updatedFieldsArriveInBothDirections() {
        String t = newTable("update");
        SyncPair pair = newPair("update");
        pair.addFields(t, BOTH, BOTH, DATA_COLUMNS);
        ClientsTable.insert(a.db(), t, row("name", "carol", "phone", "100", "amount", new BigDecimal("1.00")));
        awaitValue(b, t, "carol", "phone", "100");

        a.db().exec("UPDATE " + t + " SET phone = ?, amount = ? WHERE name = ?", "200", new BigDecimal("2.25"), "carol");
        awaitValue(b, t, "carol", "phone", "200");
        awaitValue(b, t, "carol", "amount", new BigDecimal("2.25"));

        b.db().exec("UPDATE " + t + " SET note = ?, qty = ? WHERE name = ?", "edited in B", 7, "carol");
        awaitValue(a, t, "carol", "note", "edited in B");
        awaitTablesEqual(t, DATA_COLUMNS, SYNC_TIMEOUT, 1);
        assertThat(ClientsTable.value(a.db(), t, "carol", "qty")).isEqualTo(7L);
    }

    @Test
    void softDeleteBySettingTheRecordStatusArrivesAsAnOrdinaryFieldChange() {
        String t = newTable("softdel");
        SyncPair pair = newPair("softdel");
        pair.addFields(t, BOTH, BOTH, DATA_COLUMNS);
        ClientsTable.insert(a.db(), t, row("name", "dave", "phone", "300"));
        awaitValue(b, t, "dave", "phone", "300");

        a.db().exec("UPDATE " + t + " SET record_status = 1 WHERE name = ?", "dave");
        awaitValue(b, t, "dave", "record_status", 1L);
        assertThat(ClientsTable.countNamed(b.db(), t, "dave")).as("soft-deleted row stays").isEqualTo(1);

        b.db().exec("UPDATE " + t + " SET record_status = 0 WHERE name = ?", "dave");
        awaitValue(a, t, "dave", "record_status", 0L);
    }

    @Test
    void hardDeleteWithoutStatusColumnDeletesTheRowOnTheOtherSide() {
        String t = newTable("harddel");
        SyncPair pair = newPair("harddel");
        pair.addFields(t, BOTH, BOTH, List.of("name", "phone"));
        // record_status would be found by name as the status column: "" says the table has none.
        a.admin().configureTable(pair.activeId, stored(t), "", null, null);
        b.admin().configureTable(pair.passiveId, stored(t), "", null, null);
        ClientsTable.insert(a.db(), t, row("name", "erin", "phone", "1"));
        ClientsTable.insert(a.db(), t, row("name", "frank", "phone", "2"));
        ClientsTable.insert(a.db(), t, row("name", "grace", "phone", "3"));
        awaitCount(b, t, 3);

        a.db().exec("DELETE FROM " + t + " WHERE name = ?", "erin");
        await("erin deleted in B").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> ClientsTable.countNamed(b.db(), t, "erin") == 0);

        b.db().exec("DELETE FROM " + t + " WHERE name = ?", "frank");
        await("frank deleted in A").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> ClientsTable.countNamed(a.db(), t, "frank") == 0);

        awaitTablesEqual(t, List.of("name", "phone"), SYNC_TIMEOUT, 1);
        assertThat(ClientsTable.value(b.db(), t, "grace", "phone")).isEqualTo("3");
    }

    @Test
    void hardDeleteSetsTheDeletedValueWhenTheReceivingSideHasAStatusColumn() {
        String t = newTable("harddelst");
        SyncPair pair = newPair("harddelst");
        pair.addFields(t, BOTH, BOTH, List.of("name", "phone"));
        b.admin().configureTable(pair.passiveId, stored(t), stored("record_status"), "1", stored("added_at"));
        ClientsTable.insert(a.db(), t, row("name", "gina", "phone", "4"));
        ClientsTable.insert(a.db(), t, row("name", "hugo", "phone", "5"));
        awaitCount(b, t, 2);
        assertThat(ClientsTable.value(b.db(), t, "gina", "record_status")).isEqualTo(0L);

        a.db().exec("DELETE FROM " + t + " WHERE name = ?", "gina");

        awaitValue(b, t, "gina", "record_status", 1L);
        assertThat(ClientsTable.countNamed(b.db(), t, "gina")).as("B keeps the row, marked deleted").isEqualTo(1);
        assertThat(ClientsTable.value(b.db(), t, "gina", "phone")).isEqualTo("4");
        assertThat(ClientsTable.value(b.db(), t, "hugo", "record_status")).isEqualTo(0L);
        assertThat(ClientsTable.countNamed(a.db(), t, "gina")).isZero();
    }

    @Test
    void oneWayFromAToBLeavesEditsMadeInBInB() {
        String t = newTable("oneway_ab");
        SyncPair pair = newPair("oneway_ab");
        pair.addFields(t, UPLOAD, DOWNLOAD, List.of("name", "phone"));
        pair.addField(t, "qty", BOTH, BOTH); // a two-way field: its arrival proves an exchange happened
        ClientsTable.insert(a.db(), t, row("name", "hank", "phone", "a-1", "qty", 1));
        awaitValue(b, t, "hank", "phone", "a-1");

        b.db().exec("UPDATE " + t + " SET phone = ?, qty = ? WHERE name = ?", "b-edit", 2, "hank");
        awaitValue(a, t, "hank", "qty", 2L);
        assertThat(ClientsTable.value(a.db(), t, "hank", "phone")).as("B's edit of a one-way field").isEqualTo("a-1");
        assertThat(ClientsTable.value(b.db(), t, "hank", "phone")).isEqualTo("b-edit");

        a.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "a-2", "hank");
        awaitValue(b, t, "hank", "phone", "a-2");
    }

    @Test
    void oneWayFromBToALeavesEditsMadeInAInA() {
        String t = newTable("oneway_ba");
        SyncPair pair = newPair("oneway_ba");
        pair.addFields(t, DOWNLOAD, UPLOAD, List.of("name", "phone"));
        pair.addField(t, "qty", BOTH, BOTH);
        ClientsTable.insert(b.db(), t, row("name", "ivy", "phone", "b-1", "qty", 1));
        awaitValue(a, t, "ivy", "phone", "b-1");

        a.db().exec("UPDATE " + t + " SET phone = ?, qty = ? WHERE name = ?", "a-edit", 2, "ivy");
        awaitValue(b, t, "ivy", "qty", 2L);
        assertThat(ClientsTable.value(b.db(), t, "ivy", "phone")).as("A's edit of a one-way field").isEqualTo("b-1");
        assertThat(ClientsTable.value(a.db(), t, "ivy", "phone")).isEqualTo("a-edit");

        b.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "b-2", "ivy");
        awaitValue(a, t, "ivy", "phone", "b-2");
    }

    @Test
    void offFieldDoesNotFlowUntilSwitchedToBothWhichSendsTheCurrentValue() {
        String t = newTable("off");
        SyncPair pair = newPair("off");
        pair.addField(t, "name", BOTH, BOTH);
        pair.addField(t, "qty", BOTH, BOTH);
        pair.addField(t, "phone", OFF, OFF);
        ClientsTable.insert(a.db(), t, row("name", "jack", "phone", "off-1", "qty", 1));
        awaitValue(b, t, "jack", "qty", 1L);
        assertThat(ClientsTable.value(b.db(), t, "jack", "phone")).as("an OFF field").isNull();

        a.db().exec("UPDATE " + t + " SET phone = ?, qty = ? WHERE name = ?", "off-2", 2, "jack");
        awaitValue(b, t, "jack", "qty", 2L);
        assertThat(ClientsTable.value(b.db(), t, "jack", "phone")).as("an OFF field").isNull();

        pair.setDirection(t, "phone", BOTH, BOTH);
        awaitValue(b, t, "jack", "phone", "off-2");
        awaitTablesEqual(t, List.of("name", "phone", "qty"), SYNC_TIMEOUT, 1);
    }

    @Test
    void simultaneousEditsOfTheSameFieldOnBothSidesConvergeToOneValue() {
        String t = newTable("conflict");
        SyncPair pair = newPair("conflict");
        pair.addFields(t, BOTH, BOTH, DATA_COLUMNS);
        List<String> names = IntStream.range(0, 10).mapToObj(i -> "sim-" + i).toList();
        for (String name : names) {
            ClientsTable.insert(a.db(), t, row("name", name, "phone", "start"));
        }
        awaitTablesEqual(t, DATA_COLUMNS, SYNC_TIMEOUT, names.size());

        for (int round = 1; round <= 3; round++) {
            String fromA = "A-" + round;
            String fromB = "B-" + round;
            CompletableFuture<Void> editsA = CompletableFuture.runAsync(() -> names.forEach(
                    n -> a.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", fromA, n)));
            CompletableFuture<Void> editsB = CompletableFuture.runAsync(() -> names.forEach(
                    n -> b.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", fromB, n)));
            CompletableFuture.allOf(editsA, editsB).join();
        }

        awaitTablesEqual(t, DATA_COLUMNS, SYNC_TIMEOUT, names.size());
        for (String name : names) {
            assertThat(ClientsTable.value(a.db(), t, name, "phone")).as(name).isIn("A-3", "B-3");
        }
    }

    @Test
    void laterEditWinsOverAnEarlierEditMadeWhileTheActiveProgramWasDown() {
        String t = newTable("lww");
        SyncPair pair = newPair("lww");
        pair.addFields(t, BOTH, BOTH, DATA_COLUMNS);
        ClientsTable.insert(a.db(), t, row("name", "kate", "phone", "start", "note", "start"));
        awaitValue(b, t, "kate", "phone", "start");

        a.program().kill();
        // Directly in A's database while A is down: captured by the trigger, sent after the restart.
        a.db().exec("UPDATE " + t + " SET phone = ?, note = ? WHERE name = ?", "older-from-a", "only-a-edited", "kate");
        pauseSoEditTimesDiffer();
        b.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "newer-from-b", "kate");
        a.program().start();
        a.program().awaitHealthy();

        awaitValue(a, t, "kate", "phone", "newer-from-b");
        awaitValue(b, t, "kate", "note", "only-a-edited");
        awaitTablesEqual(t, DATA_COLUMNS, SYNC_TIMEOUT, 1);
        assertThat(ClientsTable.value(b.db(), t, "kate", "phone")).isEqualTo("newer-from-b");
    }

    @Test
    void unicodeNullsNumbersDatesTimestampsAndBooleansArriveExactly() {
        String t = newTable("types");
        SyncPair pair = newPair("types");
        pair.addFields(t, BOTH, BOTH, DATA_COLUMNS);
        Map<String, Object> cyrillic = row("name", "Иван Петров-Водкин", "phone", "+7 (495) 123-45-67",
                "note", "Заметка: ёжик 🦔👍🏽 日本語テキスト 中文 한국어 العربية — \"quoted\" 'single' \\back\\slash\nline2\ttab",
                "amount", new BigDecimal("12345.67"), "qty", -42, "big", 9_007_199_254_740_993L,
                "born", LocalDate.of(1969, 7, 20), "seen_at", LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000),
                "vip", true, "record_status", 0, "added_at", LocalDateTime.of(2000, 1, 1, 0, 0));
        Map<String, Object> nulls = row("name", "all nulls", "phone", null, "note", null, "amount", null,
                "qty", null, "big", null, "born", null, "seen_at", null, "vip", null, "record_status", 0,
                "added_at", null);
        Map<String, Object> extremes = row("name", "extremes", "phone", "", "note", "",
                "amount", new BigDecimal("-9999999999.99"), "qty", Integer.MIN_VALUE, "big", Long.MAX_VALUE,
                "born", LocalDate.of(1900, 1, 1), "seen_at", LocalDateTime.of(1970, 1, 1, 0, 0),
                "vip", false, "record_status", 2, "added_at", LocalDateTime.of(2038, 1, 19, 3, 14, 8, 1_000));
        Map<String, Object> fromB = row("name", "Ёлка 🎄 从B来", "phone", "☎ 8-800", "note", "𝄞 musical, 𠜎 CJK ext-B",
                "amount", new BigDecimal("0.01"), "qty", 0, "big", -1L, "born", LocalDate.of(2024, 2, 29),
                "seen_at", LocalDateTime.of(2023, 12, 31, 23, 59, 59, 999_999_000), "vip", true,
                "record_status", 1, "added_at", LocalDateTime.of(2024, 6, 1, 12, 0, 0, 500_000_000));
        for (Map<String, Object> r : List.of(cyrillic, nulls, extremes)) {
            ClientsTable.insert(a.db(), t, r);
        }
        ClientsTable.insert(b.db(), t, fromB);

        awaitTablesEqual(t, DATA_COLUMNS, SYNC_TIMEOUT, 4);
        for (Map<String, Object> expected : List.of(cyrillic, nulls, extremes, fromB)) {
            String name = (String) expected.get("name");
            Map<String, Object> want = ClientsTable.normalize(expected);
            assertThat(ClientsTable.row(a.db(), t, name, DATA_COLUMNS)).as("A: " + name).isEqualTo(want);
            assertThat(ClientsTable.row(b.db(), t, name, DATA_COLUMNS)).as("B: " + name).isEqualTo(want);
        }
    }

    @Test
    void wholeTableIncludingRowsThatExistedBeforeArrivesWhenTheTableIsAdded() {
        String t = newTable("table");
        int rows = 500;
        IntFunction<Object[]> rowValues = i -> new Object[] {
            String.format("row-%03d", i), "+7 900 " + i, "note " + i + " ü ж 😀", new BigDecimal(i).movePointLeft(2),
            i, i * 1_000_000_007L, LocalDate.of(1950, 1, 1).plusDays(i * 37L),
            LocalDateTime.of(2020, 1, 1, 0, 0).plusSeconds(i * 3_601L).plusNanos(i * 1_000L),
            i % 3 == 0 ? null : i % 2 == 0, i % 10 == 0 ? 1 : 0, LocalDateTime.of(2019, 6, 1, 8, 0).plusMinutes(i)};
        a.db().execBatch("INSERT INTO " + t + " (" + String.join(", ", DATA_COLUMNS) + ") VALUES ("
                        + DATA_COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")",
                IntStream.range(0, rows).mapToObj(rowValues).toList());
        SyncPair pair = newPair("table");

        JsonArray fields = pair.addTable(t, BOTH, BOTH);

        assertThat(fields).as("fields created on A for the table").isNotNull();
        assertThat(fields.stream().map(f -> f.asJsonObject().getString("column").toLowerCase(Locale.ROOT)))
                .as("every column but the primary key").containsExactlyInAnyOrderElementsOf(DATA_COLUMNS);
        assertThat(b.admin().fields(pair.passiveId)).hasSize(DATA_COLUMNS.size());
        awaitTablesEqual(t, DATA_COLUMNS, CATCH_UP_TIMEOUT, rows);

        b.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "changed in B", "row-250");
        awaitValue(a, t, "row-250", "phone", "changed in B");
    }

    @Test
    void existingRowsArriveEvenWhenThePassiveSideMapsItsFieldsAfterTheActiveSideSentThem() {
        String t = newTable("latemap");
        List<String> columns = List.of("name", "phone");
        int rows = 700; // two initial-load batches
        a.db().execBatch("INSERT INTO " + t + " (name, phone) VALUES (?, ?)",
                IntStream.range(0, rows).mapToObj(i -> new Object[] {"late-" + i, "p" + i}).toList());
        SyncPair pair = newPair("latemap");

        pair.addOnActive(t, BOTH, columns);
        // A sends its rows while B has no fields to take them: B stays empty.
        await("A exchanged with B").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> pair.activeStatus().getBoolean("connected"));
        await("A's initial load went out").pollDelay(Duration.ofSeconds(3)).atMost(SYNC_TIMEOUT)
                .until(() -> ClientsTable.count(b.db(), t) == 0);

        pair.mapOnPassive(t, BOTH, columns);
        awaitTablesEqual(t, columns, CATCH_UP_TIMEOUT, rows);
    }

    /** The value of a sync's metric in the program's Prometheus text, which must parse line by line. */
    static double metric(Side side, String name, String sync) {
        AdminClient.Response r = AdminClient.request("GET", side.program().baseUrl() + "/crmsync/api/metrics", null,
                AdminClient.basic(ADMIN_USER, ADMIN_PASSWORD));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        double value = Double.NaN;
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertThat(line).as("a Prometheus sample line").matches(
                    "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\",?)*\\})? \\S+( \\d+)?");
            if (line.startsWith(name + "{") && line.contains("sync=\"" + sync + "\"")) {
                value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return value;
    }

    @Test
    void changesMadeWhileThePassiveProgramIsDownArriveOnceItIsBackAndNoneTwice() {
        String t = newTable("peerdown");
        SyncPair pair = newPair("peerdown");
        pair.addFields(t, BOTH, BOTH, DATA_COLUMNS);
        ClientsTable.insert(a.db(), t, row("name", "before", "phone", "1"));
        awaitValue(b, t, "before", "phone", "1");

        b.program().kill();
        for (int i = 0; i < 20; i++) {
            ClientsTable.insert(a.db(), t, row("name", "while-down-" + i, "qty", i, "note", "заметка " + i));
        }
        a.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "changed while B was down", "before");
        a.db().exec("UPDATE " + t + " SET qty = qty + 100 WHERE name = ?", "while-down-3");
        // The operator's view: A's backlog for the sync grows while B is down.
        await("A's backlog metric while B is down").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> metric(a, "crmsync_backlog", "it-peerdown") >= 20);
        assertThat(metric(a, "crmsync_errors_total", "it-peerdown")).isPositive();
        b.program().start();
        b.program().awaitHealthy();

        awaitTablesEqual(t, DATA_COLUMNS, CATCH_UP_TIMEOUT, 21, durabilityNote(b));
        assertThat(ClientsTable.duplicateNames(b.db(), t)).isEmpty();
        assertThat(ClientsTable.value(b.db(), t, "while-down-3", "qty")).isEqualTo(103L);
        await("A's sync connected again").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> pair.activeStatus().getBoolean("connected", false));
        // Every inserted row was applied on B exactly once: one IN entry for its name.
        Map<String, Long> nameEntriesPerRecord = b.admin().log(pair.passiveId, stored(t), 1000).stream()
                .map(JsonValue::asJsonObject)
                .filter(e -> "IN".equals(e.getString("direction", null)))
                .filter(e -> "name".equalsIgnoreCase(e.getString("column", "")))
                .collect(Collectors.groupingBy(e -> text(e.get("recordId")), Collectors.counting()));
        assertThat(nameEntriesPerRecord).hasSize(21).allSatisfy((record, n) -> assertThat(n).as(record).isEqualTo(1));
    }

    @Test
    void sigkillOfTheActiveProgramDuringSteadyEditsLosesAndDuplicatesNothing() {
        killDuringSteadyEdits(a);
    }

    @Test
    void sigkillOfThePassiveProgramDuringSteadyEditsLosesAndDuplicatesNothing() {
        killDuringSteadyEdits(b);
    }

    @Test
    void wrongPasswordShowsDisconnectedWithAnErrorAndAppliesNothing() {
        String t = newTable("wrongpw");
        SyncPair pair = register(SyncPair.create(a.admin(), b.admin(), "it-wrongpw", "not-the-password",
                SYNC_PASSWORD, kind::stored));
        pair.addFields(t, BOTH, BOTH, List.of("name", "phone"));
        ClientsTable.insert(a.db(), t, row("name", "leo", "phone", "1"));
        ClientsTable.insert(b.db(), t, row("name", "mona", "phone", "2"));

        await("A's sync reports an error").atMost(SYNC_TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            JsonObject status = pair.activeStatus();
            assertThat(status.getBoolean("connected")).as("connected in " + status).isFalse();
            assertThat(text(status.get("lastError"))).as("lastError in " + status).isNotBlank();
        });
        assertThat(ClientsTable.countNamed(b.db(), t, "leo")).as("A's row applied in B").isZero();
        assertThat(ClientsTable.countNamed(a.db(), t, "mona")).as("B's row applied in A").isZero();

        AdminClient.Response unsigned = AdminClient.request("POST", pair.peerUrl, "{}", null);
        assertThat(unsigned.status()).as(unsigned.toString()).isEqualTo(401);
        assertThat(ClientsTable.count(b.db(), t)).as("rows in B").isEqualTo(1);

        // The right password heals it (PUT takes the POST body).
        a.admin().updateSync(pair.activeId,
                AdminClient.syncBody(pair.name, "ACTIVE", SyncPair.PERIOD_SECONDS, SYNC_PASSWORD, pair.peerUrl));
        awaitTablesEqual(t, List.of("name", "phone"), SYNC_TIMEOUT, 2);
        await("A's sync connected").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .untilAsserted(() -> assertThat(pair.activeStatus().getBoolean("connected")).isTrue());
    }

    @Test
    void recordsTheReceivingDatabaseRefusesAreQuarantinedWhileTheRestFlowsAndARetryAppliesThemOnceFixed() {
        String t = newTable("quarantine");
        // B refuses what A accepts: a phone longer than 10 characters, a NULL qty, a note already used.
        b.db().exec(narrowPhone(t, 10));
        b.db().exec(switch (kind) {
            case POSTGRES, H2 -> "ALTER TABLE " + t + " ALTER COLUMN qty SET NOT NULL";
            case MARIADB -> "ALTER TABLE " + t + " MODIFY qty int NOT NULL";
        });
        b.db().exec("CREATE UNIQUE INDEX " + t + "_note ON " + t + " (note)");
        ClientsTable.insert(b.db(), t, row("name", "b-own", "note", "taken", "qty", 0));
        SyncPair pair = newPair("quarantine");
        pair.addFields(t, UPLOAD, DOWNLOAD, List.of("name", "phone", "qty", "note"));

        ClientsTable.insert(a.db(), t, row("name", "ok-1", "phone", "1", "qty", 1, "note", "n1"));
        ClientsTable.insert(a.db(), t, row("name", "too-long", "phone", "+7 495 123-45-67", "qty", 2, "note", "n2"));
        ClientsTable.insert(a.db(), t, row("name", "no-qty", "phone", "3", "note", "n3"));
        ClientsTable.insert(a.db(), t, row("name", "clash", "phone", "4", "qty", 4, "note", "taken"));
        ClientsTable.insert(a.db(), t, row("name", "ok-2", "phone", "5", "qty", 5, "note", "n5"));

        // The rest of the batch arrives; the three refused records wait in B's quarantine with reasons.
        awaitValue(b, t, "ok-1", "phone", "1");
        awaitValue(b, t, "ok-2", "phone", "5");
        await("three records in B's quarantine").atMost(SYNC_TIMEOUT).pollInterval(POLL).untilAsserted(() ->
                assertThat(b.admin().status(pair.passiveId).getInt("quarantined")).isEqualTo(3));
        JsonArray kept = b.admin().quarantine(pair.passiveId);
        assertThat(kept).as(kept.toString()).hasSize(3);
        Map<String, JsonObject> byName = kept.stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(e -> e.getJsonObject("values").getString(stored("name")), e -> e));
        assertThat(byName).containsOnlyKeys("too-long", "no-qty", "clash");
        byName.values().forEach(e -> {
            assertThat(e.getString("reason")).as(e.toString()).isNotBlank();
            assertThat(e.getString("table")).as(e.toString()).isEqualToIgnoringCase(t);
            assertThat(e.getInt("attempts")).as(e.toString()).isEqualTo(1);
        });
        for (String name : List.of("too-long", "no-qty", "clash")) {
            assertThat(ClientsTable.countNamed(b.db(), t, name)).as(name + " in B").isZero();
        }
        assertThat(b.admin().log(pair.passiveId, stored(t), 100).stream().map(JsonValue::asJsonObject)
                .filter(e -> text(e.get("newValue")) != null && text(e.get("newValue")).startsWith("(refused)")))
                .as("B's change log").hasSize(3);

        // Everything else keeps flowing, also for a refused row (its newer values join its entry).
        a.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "11", "ok-1");
        a.db().exec("UPDATE " + t + " SET note = ? WHERE name = ?", "n3-new", "no-qty");
        awaitValue(b, t, "ok-1", "phone", "11");
        await("no-qty's entry takes the new note").atMost(SYNC_TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            JsonObject e = entryNamed(b.admin().quarantine(pair.passiveId), "no-qty");
            assertThat(e.getJsonObject("values").getString(stored("note"))).isEqualTo("n3-new");
            assertThat(e.getInt("attempts")).isEqualTo(1);
        });

        // A retry before the cause is fixed changes nothing and says so.
        long clashId = entryNamed(b.admin().quarantine(pair.passiveId), "clash").getJsonNumber("id").longValue();
        JsonObject early = b.admin().retryQuarantined(pair.passiveId, clashId);
        assertThat(early.getInt("stillRefused")).as(early.toString()).isEqualTo(1);
        assertThat(early.getInt("quarantined")).as(early.toString()).isEqualTo(3);
        assertThat(entryNamed(b.admin().quarantine(pair.passiveId), "clash").getInt("attempts")).isEqualTo(2);
        assertThat(ClientsTable.countNamed(b.db(), t, "clash")).isZero();

        // Fix the causes in B; one retry applies all three, once.
        b.db().exec(narrowPhone(t, 50));
        b.db().exec(switch (kind) {
            case POSTGRES, H2 -> "ALTER TABLE " + t + " ALTER COLUMN qty DROP NOT NULL";
            case MARIADB -> "ALTER TABLE " + t + " MODIFY qty int NULL";
        });
        b.db().exec("UPDATE " + t + " SET note = ? WHERE name = ?", "freed", "b-own");
        JsonObject retried = b.admin().retryQuarantined(pair.passiveId, null);
        assertThat(retried.getInt("applied")).as(retried.toString()).isEqualTo(3);
        assertThat(retried.getInt("quarantined")).as(retried.toString()).isZero();
        assertThat(ClientsTable.value(b.db(), t, "too-long", "phone")).isEqualTo("+7 495 123-45-67");
        assertThat(ClientsTable.value(b.db(), t, "no-qty", "note")).isEqualTo("n3-new");
        assertThat(ClientsTable.value(b.db(), t, "clash", "note")).isEqualTo("taken");
        assertThat(b.admin().retryQuarantined(pair.passiveId, null).getInt("tried")).isZero();
        assertThat(b.admin().discardQuarantined(pair.passiveId, clashId).status()).isEqualTo(404);

        // Later edits of the retried rows flow as usual, and no row exists twice.
        a.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "+7 495 000-00-00", "too-long");
        awaitValue(b, t, "too-long", "phone", "+7 495 000-00-00");
        for (String name : List.of("ok-1", "too-long", "no-qty", "clash", "ok-2")) {
            assertThat(ClientsTable.countNamed(b.db(), t, name)).as(name + " in B").isEqualTo(1);
        }
    }

    private String narrowPhone(String t, int length) {
        return switch (kind) {
            case POSTGRES -> "ALTER TABLE " + t + " ALTER COLUMN phone TYPE varchar(" + length + ")";
            case H2 -> "ALTER TABLE " + t + " ALTER COLUMN phone SET DATA TYPE varchar(" + length + ")";
            case MARIADB -> "ALTER TABLE " + t + " MODIFY phone varchar(" + length + ")";
        };
    }

    private JsonObject entryNamed(JsonArray entries, String name) {
        return entries.stream().map(JsonValue::asJsonObject)
                .filter(e -> name.equals(e.getJsonObject("values").getString(stored("name"), null)))
                .findFirst().orElseThrow(() -> new AssertionError("no entry for " + name + " in " + entries));
    }

    @Test
    void changeLogOnThePassiveSideListsIncomingChangesWithOldAndNewValues() {
        String t = newTable("changelog");
        SyncPair pair = newPair("changelog");
        pair.addFields(t, BOTH, BOTH, List.of("name", "phone"));
        ClientsTable.insert(a.db(), t, row("name", "mia", "phone", "111"));
        awaitValue(b, t, "mia", "phone", "111");
        a.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "222", "mia");
        awaitValue(b, t, "mia", "phone", "222");
        String recordId = Long.toString(ClientsTable.idOf(b.db(), t, "mia"));

        await("change log of B").atMost(SYNC_TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            List<JsonObject> phoneEntries = b.admin().log(pair.passiveId, stored(t), 100).stream()
                    .map(JsonValue::asJsonObject)
                    .filter(e -> "phone".equalsIgnoreCase(e.getString("column", "")))
                    .toList();
            int updateAt = indexOf(phoneEntries, "222");
            int insertAt = indexOf(phoneEntries, "111");
            assertThat(updateAt).as("entry 111 -> 222 in " + phoneEntries).isNotNegative();
            assertThat(insertAt).as("entry null -> 111 in " + phoneEntries).isNotNegative();
            assertThat(updateAt).as("newest first: " + phoneEntries).isLessThan(insertAt);
            JsonObject update = phoneEntries.get(updateAt);
            JsonObject insert = phoneEntries.get(insertAt);
            for (JsonObject e : phoneEntries) {
                assertThat(e.getString("direction")).as(e.toString()).isEqualTo("IN");
                assertThat(e.getString("table")).as(e.toString()).isEqualToIgnoringCase(t);
                assertThat(text(e.get("recordId"))).as(e.toString()).isEqualTo(recordId);
                assertThat(text(e.get("at"))).as(e.toString()).isNotBlank();
                assertThat(text(e.get("sync"))).as(e.toString()).isNotBlank();
            }
            assertThat(text(update.get("oldValue"))).as(update.toString()).isEqualTo("111");
            assertThat(text(update.get("newValue"))).as(update.toString()).isEqualTo("222");
            assertThat(text(insert.get("oldValue"))).as(insert.toString()).isNull();
            assertThat(text(insert.get("newValue"))).as(insert.toString()).isEqualTo("111");
        });
    }

    @Test
    void adminApiRequiresBasicAuthAndRejectsBadInputAndDuplicateNames() {
        String t = newTable("api");
        SyncPair pair = newPair("api");
        AdminClient api = a.admin();

        assertStatus(api.sendAs(null, null, "GET", "/syncs", null), 401);
        assertStatus(api.sendAs(ADMIN_USER, "wrong", "GET", "/syncs", null), 401);
        assertStatus(b.admin().sendAs(null, null, "GET", "/schema", null), 401);
        JsonObject unauthorizedSync = AdminClient.syncBody("it-unauthorized", "ACTIVE", 1, SYNC_PASSWORD, pair.peerUrl);
        assertStatus(api.sendAs(null, null, "POST", "/syncs", unauthorizedSync), 401);

        String fieldsPath = "/syncs/" + pair.activeId + "/fields";
        assertError(api.send("POST", fieldsPath, field("no_such_table", stored("name"))), 400);
        assertError(api.send("POST", fieldsPath, field(stored(t), "no_such_column")), 400);
        assertError(api.send("POST", fieldsPath, field(stored(t), stored("id"))), 400);
        assertError(api.send("POST", "/syncs", AdminClient.syncBody("it-period0", "ACTIVE", 0, SYNC_PASSWORD,
                pair.peerUrl)), 400);
        assertError(api.send("POST", "/syncs", AdminClient.syncBody(pair.name, "ACTIVE", 1, SYNC_PASSWORD,
                pair.peerUrl)), 409);
        assertStatus(api.send("GET", "/syncs/00000000-0000-0000-0000-000000000000", null), 404);

        // None of that changed anything.
        List<String> names = api.syncs().stream().map(s -> s.asJsonObject().getString("name")).toList();
        assertThat(names).contains(pair.name).doesNotContain("it-unauthorized", "it-period0")
                .filteredOn(pair.name::equals).hasSize(1);
        assertThat(api.fields(pair.activeId)).isEmpty();
        JsonObject sync = api.sync(pair.activeId);
        assertThat(sync.getString("mode")).isEqualTo("ACTIVE");
        assertThat(sync.getJsonObject("status")).containsKeys("connected", "lastSuccessAt", "lastError");
    }

    @Test
    void schemaListsTheCrmTablesWithTheirPrimaryKeyButNotCrmsyncTables() {
        String t = newTable("schema");
        JsonArray schema = a.admin().schema();

        assertThat(schema.stream().map(s -> s.asJsonObject().getString("table")))
                .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("crmsync_"));
        JsonObject table = schema.stream().map(JsonValue::asJsonObject)
                .filter(s -> s.getString("table").equalsIgnoreCase(t)).findFirst()
                .orElseThrow(() -> new AssertionError(t + " missing from " + schema));
        assertThat(table.getString("table")).isEqualTo(stored(t));
        assertThat(table.getString("primaryKey")).isEqualToIgnoringCase("id");
        List<String> columns = table.getJsonArray("columns").stream()
                .map(c -> c.asJsonObject().getString("name").toLowerCase(Locale.ROOT)).toList();
        List<String> expected = new ArrayList<>(List.of("id"));
        expected.addAll(DATA_COLUMNS);
        assertThat(columns).containsExactlyInAnyOrderElementsOf(expected);
    }

    // ---- scenario helpers -----------------------------------------------------------------------------

    private void killDuringSteadyEdits(Side victim) {
        String t = newTable("kill_" + victim.label().toLowerCase(Locale.ROOT));
        SyncPair pair = newPair("kill-" + victim.label().toLowerCase(Locale.ROOT));
        List<String> columns = List.of("name", "phone", "qty", "note");
        pair.addFields(t, BOTH, BOTH, columns);
        // H2 lives inside the program's JVM: pause writes to a killed program's H2 (the test JVM would
        // otherwise open the file and hold it when the program restarts). PostgreSQL/MariaDB keep going.
        boolean pauseWhileDown = kind == CrmDatabase.Kind.H2;
        SteadyEditStream editsA = new SteadyEditStream("a", a.db(), t, () -> !pauseWhileDown || a.program().isUp());
        SteadyEditStream editsB = new SteadyEditStream("b", b.db(), t, () -> !pauseWhileDown || b.program().isUp());
        List<SteadyEditStream> streams = List.of(editsA, editsB);
        try {
            editsA.start(Duration.ofMillis(100));
            editsB.start(Duration.ofMillis(100));
            awaitMoreEdits(streams, 30);
            victim.program().kill();
            awaitMoreEdits(streams, 20);
            victim.program().start();
            victim.program().awaitHealthy();
            awaitMoreEdits(streams, 30);
        } finally {
            editsA.stop();
            editsB.stop();
        }

        String note = durabilityNote(victim);
        awaitTablesEqual(t, columns, CATCH_UP_TIMEOUT, -1, note);
        assertEveryEditArrivedOnce(t, streams, note);
    }

    /**
     * For H2: its WRITE_DELAY (default 500 ms) is how long a commit may stay unwritten; on SIGKILL such
     * commits are lost (checked outside the suite), which would show up here as missing rows. Says so in
     * failure messages.
     */
    private String durabilityNote(Side killed) {
        if (kind != CrmDatabase.Kind.H2) {
            return "";
        }
        Object writeDelay = killed.db().queryScalar(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'");
        return " [H2 WRITE_DELAY of " + killed.label() + " = " + writeDelay + " ms; unless 0, H2 itself loses the"
                + " commits of that last window on SIGKILL]";
    }


    /**
     * Lets the clock move on so two edits made one after the other get different edit times. This is one
     * fixed gap between two writes, not polling.
     */
    private static void pauseSoEditTimesDiffer() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(List<JsonObject> entries, String newValue) {
        for (int i = 0; i < entries.size(); i++) {
            if (newValue.equals(text(entries.get(i).get("newValue")))) {
                return i;
            }
        }
        return -1;
    }

    private static JsonObject field(String table, String column) {
        return JsonSupport.object().add("table", table).add("column", column).add("direction", "BOTH").build();
    }

    private static void assertStatus(AdminClient.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
    }

    private static void assertError(AdminClient.Response r, int status) {
        assertStatus(r, status);
        assertThat(r.error()).as(r.toString()).isNotBlank();
    }
}

package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
/**
 * Two real programs, A and B, each a Payara Micro process on a fresh CRM database of the subclass's kind,
 * started once per class and reused by every test (a test that kills a program restarts only that one).
 * Each test creates its own tables (same name on both sides) and its own syncs, deleted after the test,
 * and checks the outcome with plain JDBC on both databases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
abstract class TwoProgramsIT {

    /** Bound for one change to show up on the other side at a 1 s period. */
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);
    /** Bound for a backlog (initial load, catching up after a restart) to drain. */
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(90);
    static final Duration POLL = Duration.ofMillis(250);

    static final String ADMIN_USER = "it-admin";
    static final String ADMIN_PASSWORD = "it-admin-Secret-1";
    static final String SYNC_PASSWORD = "it-sync-Secret-1";

    /** One program with its database and admin API. */
    record Side(String label, ProgramProcess program, CrmDatabase db, AdminClient admin) {
    }

    protected final CrmDatabase.Kind kind;
    private final String namePrefix;
    private final int portA;
    private final int portB;
    private final List<SyncPair> pairs = new ArrayList<>();

    /** Environment variables added to both programs' (e.g. JAVA_OPTS, config keys). */
    protected Map<String, String> extraEnvironment() {
        return Map.of();
    }

    /** Environment variables added to one program's ("A" or "B"); by default {@link #extraEnvironment()}. */
    protected Map<String, String> extraEnvironment(String label) {
        return extraEnvironment();
    }

    /** Deletes the pair after the test. */
    protected SyncPair register(SyncPair pair) {
        pairs.add(pair);
        return pair;
    }

    protected Side a;
    protected Side b;

    protected TwoProgramsIT(CrmDatabase.Kind kind, String namePrefix, int portA, int portB) {
        this.kind = kind;
        this.namePrefix = namePrefix;
        this.portA = portA;
        this.portB = portB;
    }

    // ---- lifecycle ------------------------------------------------------------------------------------

    @BeforeAll
    void startPrograms() {
        Path projectDir = Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir")))
                .toAbsolutePath();
        String nameA = namePrefix + "-a";
        String nameB = namePrefix + "-b";
        // Before touching any database: a program left over from an aborted run would still use it.
        ProgramProcess.assertPortFree(nameA, portA);
        ProgramProcess.assertPortFree(nameB, portB);
        a = side("A", nameA, portA, projectDir);
        b = side("B", nameB, portB, projectDir);
        a.program().start();
        b.program().start();
        a.program().awaitHealthy();
        b.program().awaitHealthy();
        assertThat(a.program().programId()).as("programId of A").isNotBlank()
                .isNotEqualTo(b.program().programId());
    }

    @AfterEach
    void deleteSyncsOfTheTest() {
        // A failed test may leave a program down; the next test needs both.
        a.program().ensureRunning();
        b.program().ensureRunning();
        List<Throwable> failures = new ArrayList<>();
        for (SyncPair pair : pairs) {
            try {
                pair.delete();
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
        }
        pairs.clear();
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("could not delete the test's syncs");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @AfterAll
    void stopPrograms() {
        for (Side side : new Side[] {a, b}) {
            if (side != null) {
                side.program().stop();
            }
        }
    }

    // ---- general helpers ------------------------------------------------------------------------------

    private Side side(String label, String program, int port, Path projectDir) {
        CrmDatabase db = CrmDatabase.createFresh(kind, program, projectDir);
        Map<String, String> env = new LinkedHashMap<>(ProgramProcess.environment(db, ADMIN_USER, ADMIN_PASSWORD));
        env.putAll(extraEnvironment(label));
        ProgramProcess process = new ProgramProcess(program, port, projectDir, env);
        return new Side(label, process, db, new AdminClient(process.baseUrl(), ADMIN_USER, ADMIN_PASSWORD));
    }

    /** Creates table clients_&lt;shortName&gt; on both sides; B's ids start at 1001 so local ids differ. */
    protected String newTable(String shortName) {
        String t = "clients_" + shortName;
        ClientsTable.create(a.db(), t);
        ClientsTable.create(b.db(), t);
        ClientsTable.startIdsAt(b.db(), t, 1001);
        return t;
    }

    /** A passive sync on B and an active one on A, same password, deleted after the test. */
    protected SyncPair newPair(String shortName) {
        return register(SyncPair.create(a.admin(), b.admin(), "it-" + shortName, SYNC_PASSWORD, SYNC_PASSWORD,
                kind::stored));
    }

    protected String stored(String identifier) {
        return kind.stored(identifier);
    }

    /** Waits until A and B hold the same rows (columns compared as data); expectedRows < 0: any count. */
    protected void awaitTablesEqual(String t, List<String> columns, Duration atMost, int expectedRows) {
        awaitTablesEqual(t, columns, atMost, expectedRows, "");
    }

    /** As above; {@code context} is added to the failure message. */
    protected void awaitTablesEqual(String t, List<String> columns, Duration atMost, int expectedRows,
            String context) {
        await("table " + t + " equal on A and B" + context).atMost(atMost).pollInterval(POLL).untilAsserted(() -> {
            List<Map<String, Object>> rowsA = ClientsTable.snapshot(a.db(), t, columns);
            List<Map<String, Object>> rowsB = ClientsTable.snapshot(b.db(), t, columns);
            if (expectedRows >= 0) {
                assertThat(rowsA).as("rows in A").hasSize(expectedRows);
            }
            assertThat(rowsB).as("B compared with A").isEqualTo(rowsA);
        });
    }

    protected void awaitValue(Side side, String t, String name, String column, Object expected) {
        Object want = ClientsTable.normalize(column, expected);
        await(side.label() + ": " + t + "[" + name + "]." + column + " = " + want).atMost(SYNC_TIMEOUT)
                .pollInterval(POLL).untilAsserted(() -> {
                    Map<String, Object> r = ClientsTable.row(side.db(), t, name, List.of(column));
                    assertThat(r).as("row " + name + " in " + side.label()).isNotNull();
                    assertThat(r.get(column)).isEqualTo(want);
                });
    }

    protected void awaitCount(Side side, String t, long rows) {
        await(side.label() + ": " + rows + " rows in " + t).atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .untilAsserted(() -> assertThat(ClientsTable.count(side.db(), t)).isEqualTo(rows));
    }

    /** Waits until the streams together confirmed {@code more} rows beyond what they have now. */
    protected static void awaitMoreEdits(List<SteadyEditStream> streams, int more) {
        int target = SteadyEditStream.totalConfirmed(streams) + more;
        await("edit stream reaches " + target + " rows").atMost(Duration.ofSeconds(60)).pollInterval(POLL)
                .until(() -> SteadyEditStream.totalConfirmed(streams) >= target);
    }

    /**
     * After the streams stopped and the tables are equal: every confirmed row is on both sides, once, and no
     * side has a row nobody inserted.
     */
    protected void assertEveryEditArrivedOnce(String t, List<SteadyEditStream> streams, String note) {
        Set<String> confirmed = confirmed(streams);
        Set<String> possible = possible(streams);
        for (Side side : List.of(a, b)) {
            List<String> names = side.db().query("SELECT name FROM " + t, rs -> rs.getString(1));
            assertThat(ClientsTable.duplicateNames(side.db(), t)).as("rows present twice in " + side.label()).isEmpty();
            assertThat(names).as("rows in " + side.label() + note).containsAll(confirmed);
            assertThat(possible).as("rows in " + side.label() + " nobody inserted").containsAll(names);
        }
    }

    /** The rows the streams inserted for sure. */
    protected static Set<String> confirmed(List<SteadyEditStream> streams) {
        Set<String> names = new HashSet<>();
        streams.forEach(s -> names.addAll(s.confirmed()));
        return names;
    }

    /** The rows the streams may have inserted (an INSERT that failed may have committed). */
    protected static Set<String> possible(List<SteadyEditStream> streams) {
        Set<String> names = confirmed(streams);
        streams.forEach(s -> names.addAll(s.uncertain()));
        return names;
    }

    /** Column/value pairs in order; values may be null. */
    protected static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    /** JSON value as text: strings unquoted, null/absent as null, numbers etc. as written. */
    static String text(JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        return v instanceof JsonString s ? s.getString() : v.toString();
    }

    /** The admin API body of a LOCAL sync. */
    static JsonObject localBody(String name, String mode, Path upload, Path download) {
        return JsonSupport.object().add("name", name).add("mode", mode).add("transport", "LOCAL")
                .add("periodSeconds", SyncPair.PERIOD_SECONDS).add("password", SYNC_PASSWORD)
                .add("local", JsonSupport.object().add("uploadDir", upload.toString())
                        .add("downloadDir", download.toString()))
                .build();
    }

    /** The admin API body of an FTP sync through the test FTP server on {@code port}. */
    static JsonObject ftpBody(String name, String mode, int port, String upload, String download) {
        return JsonSupport.object().add("name", name).add("mode", mode).add("transport", "FTP")
                .add("periodSeconds", SyncPair.PERIOD_SECONDS).add("password", SYNC_PASSWORD)
                .add("ftp", JsonSupport.object().add("host", "127.0.0.1").add("port", port)
                        .add("user", TestFtpServer.USER).add("password", TestFtpServer.PASSWORD)
                        .add("uploadDir", upload).add("downloadDir", download))
                .build();
    }
}

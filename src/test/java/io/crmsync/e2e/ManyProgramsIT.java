package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmsync.e2e.TwoProgramsIT.Side;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Three or more real programs (Payara Micro processes, each on its own fresh CRM database), started
 * once per class and reused by every test, as {@link TwoProgramsIT} does for two. Each test creates
 * its own table on every program and its own syncs between them (deleted after the test), and checks
 * every database with plain JDBC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
abstract class ManyProgramsIT {

    static final Duration SYNC_TIMEOUT = TwoProgramsIT.SYNC_TIMEOUT;
    static final Duration CATCH_UP_TIMEOUT = TwoProgramsIT.CATCH_UP_TIMEOUT;
    static final Duration POLL = TwoProgramsIT.POLL;
    static final String ADMIN_USER = TwoProgramsIT.ADMIN_USER;
    static final String ADMIN_PASSWORD = TwoProgramsIT.ADMIN_PASSWORD;
    static final String SYNC_PASSWORD = TwoProgramsIT.SYNC_PASSWORD;
    /** How long the journals must stay unchanged to count as settled: several 1 s periods. */
    static final Duration QUIET = Duration.ofSeconds(5);

    /**
     * JVM options of the programs unless crmsync.it.javaOpts is set: the client compiler only and the
     * serial collector, so that several boots on a small machine do not starve each other for CPU (the
     * tests measure no speed).
     */
    static final String FAST_BOOT = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    static final int BOOTS_AT_ONCE = 2;

    /** One program of the class: label in messages, program (and database) name, kind, port. */
    record Spec(String label, String name, CrmDatabase.Kind kind, int port) {
    }

    private final List<Spec> specs;
    private final Map<String, Side> sides = new LinkedHashMap<>();
    private final List<SyncPair> pairs = new ArrayList<>();
    protected Path projectDir;

    protected ManyProgramsIT(List<Spec> specs) {
        this.specs = List.copyOf(specs);
    }

    // ---- lifecycle ------------------------------------------------------------------------------------

    @BeforeAll
    void startPrograms() {
        projectDir = Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir")))
                .toAbsolutePath();
        emptyFolderRoot();
        // Before touching any database: a program left over from an aborted run would still use it.
        specs.forEach(s -> ProgramProcess.assertPortFree(s.name(), s.port()));
        for (Spec s : specs) {
            CrmDatabase db = CrmDatabase.createFresh(s.kind(), s.name(), projectDir);
            Map<String, String> env = new LinkedHashMap<>(ProgramProcess.environment(db, ADMIN_USER, ADMIN_PASSWORD));
            env.putIfAbsent("JAVA_OPTS", FAST_BOOT);
            ProgramProcess process = new ProgramProcess(s.name(), s.port(), projectDir, env);
            sides.put(s.label(), new Side(s.label(), process, db,
                    new AdminClient(process.baseUrl(), ADMIN_USER, ADMIN_PASSWORD)));
        }
        // Two boots at a time: four at once on a 2-core machine took 180 s, longer than two after two.
        List<Side> booting = all();
        for (int i = 0; i < booting.size(); i += BOOTS_AT_ONCE) {
            List<Side> batch = booting.subList(i, Math.min(booting.size(), i + BOOTS_AT_ONCE));
            batch.forEach(s -> s.program().start());
            batch.forEach(s -> s.program().awaitHealthy());
        }
        assertThat(sides.values().stream().map(s -> s.program().programId()).distinct())
                .as("program ids").hasSize(sides.size());
    }

    @AfterEach
    void deleteSyncsOfTheTest() {
        // A failed test may leave a program down; the next test needs all of them.
        sides.values().forEach(s -> s.program().ensureRunning());
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
        sides.values().forEach(s -> s.program().stop());
    }

    // ---- programs, tables, syncs -----------------------------------------------------------------------

    protected Side side(String label) {
        Side s = sides.get(label);
        if (s == null) {
            throw new IllegalArgumentException("no program " + label + " in " + sides.keySet());
        }
        return s;
    }

    protected List<Side> all() {
        return List.copyOf(sides.values());
    }

    /**
     * Creates table clients_&lt;shortName&gt; on every program; the n-th program's ids start at
     * n * 1000 + 1, so no two programs share local ids.
     */
    protected String newTable(String shortName) {
        String t = "clients_" + shortName;
        int n = 0;
        for (Side s : sides.values()) {
            ClientsTable.create(s.db(), t);
            ClientsTable.startIdsAt(s.db(), t, n++ * 1000L + 1);
        }
        return t;
    }

    /** An HTTP sync: passive on {@code passive} (it shows the peer URL), active on {@code active}. */
    protected SyncPair httpPair(String name, Side active, Side passive) {
        return register(SyncPair.create(active.admin(), passive.admin(), name, SYNC_PASSWORD, SYNC_PASSWORD,
                active.db().kind()::stored));
    }

    /** An HTTP sync whose active side reaches the passive one at {@code route.apply(peerUrl)} (a proxy). */
    protected SyncPair httpPair(String name, Side active, Side passive, UnaryOperator<String> route) {
        return register(SyncPair.create(active.admin(), passive.admin(), name, SYNC_PASSWORD, SYNC_PASSWORD,
                active.db().kind()::stored, route));
    }

    /** A LOCAL sync through two fresh folders under target/. */
    protected SyncPair localPair(String name, Side active, Side passive) {
        Path out = folder(name + "/out");
        Path back = folder(name + "/back");
        return register(SyncPair.createFolders(active.admin(), passive.admin(), name,
                TwoProgramsIT.localBody(name, "ACTIVE", out, back),
                TwoProgramsIT.localBody(name, "PASSIVE", back, out), active.db().kind()::stored));
    }

    /** An FTP sync on both sides through the test FTP server on {@code ftpPort}, serving {@link #folderRoot()}. */
    protected SyncPair ftpPair(String name, Side active, Side passive, int ftpPort) {
        folder(name + "/out");
        folder(name + "/back");
        return register(SyncPair.createFolders(active.admin(), passive.admin(), name,
                TwoProgramsIT.ftpBody(name, "ACTIVE", ftpPort, "/" + name + "/out", "/" + name + "/back"),
                TwoProgramsIT.ftpBody(name, "PASSIVE", ftpPort, "/" + name + "/back", "/" + name + "/out"),
                active.db().kind()::stored));
    }

    /**
     * Adds the columns as two-way fields on both ends and makes hard deletes real deletes on both (the
     * table's record_status stays an ordinary field, so soft deletes flow as values).
     */
    protected void syncTable(SyncPair pair, String t, List<String> columns) {
        pair.addFields(t, Direction.BOTH, Direction.BOTH, columns);
        pair.active.configureTable(pair.activeId, t, "", null, null);
        pair.passive.configureTable(pair.passiveId, t, "", null, null);
    }

    private SyncPair register(SyncPair pair) {
        pairs.add(pair);
        return pair;
    }

    /** Where the class's sync folders live (target/it-&lt;class&gt;), emptied when the class starts. */
    protected Path folderRoot() {
        return projectDir.resolve("target/it-" + getClass().getSimpleName().toLowerCase(Locale.ROOT));
    }

    private Path folder(String relative) {
        try {
            return Files.createDirectories(folderRoot().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void emptyFolderRoot() {
        Path root = folderRoot();
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot empty " + root, e);
            }
        }
        folder(".");
    }

    // ---- checks ---------------------------------------------------------------------------------------

    /** Waits until every program holds the same rows as the first; expectedRows < 0: any count. */
    protected void awaitAllEqual(String t, List<String> columns, Duration atMost, int expectedRows) {
        Side first = all().get(0);
        await("table " + t + " equal on " + sides.keySet()).atMost(atMost).pollInterval(POLL).untilAsserted(() -> {
            List<Map<String, Object>> want = ClientsTable.snapshot(first.db(), t, columns);
            if (expectedRows >= 0) {
                assertThat(want).as("rows in " + first.label()).hasSize(expectedRows);
            }
            for (Side s : all()) {
                assertThat(ClientsTable.snapshot(s.db(), t, columns)).as(s.label() + " compared with "
                        + first.label()).isEqualTo(want);
            }
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

    protected void awaitGone(Side side, String t, String name) {
        await(name + " deleted in " + side.label()).atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> ClientsTable.countNamed(side.db(), t, name) == 0);
    }

    /**
     * After the edit streams stopped and the tables are equal: on every program every confirmed row is there
     * once, and no row nobody inserted.
     */
    protected void assertEveryEditArrivedOnce(String t, List<SteadyEditStream> streams) {
        assertEveryEditArrivedOnce(t, streams, Set.of());
    }

    /** As above, with {@code before}: rows the test inserted itself before the streams started. */
    protected void assertEveryEditArrivedOnce(String t, List<SteadyEditStream> streams, Set<String> before) {
        Set<String> confirmed = TwoProgramsIT.confirmed(streams);
        confirmed.addAll(before);
        Set<String> possible = TwoProgramsIT.possible(streams);
        possible.addAll(before);
        assertThat(confirmed).as("confirmed edits").isNotEmpty();
        for (Side s : all()) {
            List<String> names = s.db().query("SELECT name FROM " + t, rs -> rs.getString(1));
            assertThat(ClientsTable.duplicateNames(s.db(), t)).as("rows present twice in " + s.label()).isEmpty();
            assertThat(names).as("rows in " + s.label()).containsAll(confirmed);
            assertThat(possible).as("rows in " + s.label() + " nobody inserted").containsAll(names);
        }
    }

    /**
     * Nothing loops: once the edits stopped, every program's journal (crmsync_journal: its newest entry
     * and its number of entries) stops changing and stays unchanged for {@link #QUIET}, several periods.
     * A change that went round and round would add entries for ever.
     */
    protected void awaitJournalsSettle() {
        List<List<Long>> last = new ArrayList<>(List.of(journals()));
        long[] since = {System.nanoTime()};
        await("journals of " + sides.keySet() + " unchanged for " + QUIET).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    List<Long> now = journals();
                    if (!now.equals(last.get(0))) {
                        last.set(0, now);
                        since[0] = System.nanoTime();
                        return false;
                    }
                    return System.nanoTime() - since[0] >= QUIET.toNanos();
                });
    }

    /**
     * No program received a change it made itself (the change log's IN rows of table {@code t} name where
     * each change was made): a relayed change never comes back to where it started.
     */
    protected void assertNoChangeCameBackToItsOrigin(String t) {
        for (Side s : all()) {
            List<JsonObject> in = s.admin().log(null, s.db().stored(t), 1000).stream().map(JsonValue::asJsonObject)
                    .filter(e -> "IN".equals(e.getString("direction", null))).toList();
            assertThat(in).as("changes " + s.label() + " received").isNotEmpty();
            assertThat(in).as("changes " + s.label() + " received").noneMatch(
                    e -> s.program().programId().equals(e.getString("origin", null)));
        }
    }

    /** Per program: the newest journal seq and the number of journal entries. */
    private List<Long> journals() {
        List<Long> out = new ArrayList<>();
        for (Side s : all()) {
            out.add(s.db().queryLong("SELECT COALESCE(MAX(seq), 0) FROM crmsync_journal"));
            out.add(s.db().queryLong("SELECT COUNT(*) FROM crmsync_journal"));
        }
        return out;
    }

    /** Column/value pairs in order; values may be null. */
    protected static Map<String, Object> row(Object... columnsAndValues) {
        return TwoProgramsIT.row(columnsAndValues);
    }
}

package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault suite (short form in CI, full with {@code deploy/chaos.sh}): under a steady stream of edits on
 * both sides, network faults between the programs (through {@link FaultProxy}) and SIGKILLs of either
 * program; afterwards both databases must hold every confirmed edit exactly once, nothing nobody wrote, and
 * equal values. Each run adds a row to {@code target/chaos/report.md}.
 */
class ChaosIT extends TwoProgramsIT {
    static final List<String> COLUMNS = List.of("name", "phone", "qty", "note");
    /** Kills of each program per run (deploy/chaos.sh: 20). */
    static final int KILLS = Integer.getInteger("crmsync.chaos.kills", 3);
    /** Times each network fault is set and cleared per run (deploy/chaos.sh: 5). */
    static final int ROUNDS = Integer.getInteger("crmsync.chaos.rounds", 1);
    /** "Restarts" of a program's CRM database per run (deploy/chaos.sh: 10). */
    static final int DB_RESTARTS = Integer.getInteger("crmsync.chaos.dbRestarts", 2);
    private static final List<String> REPORT = new ArrayList<>();

    private FaultProxy proxy;
    private final Random random = new Random(Long.getLong("crmsync.chaos.seed", 42));

    ChaosIT() {
        super(CrmDatabase.Kind.POSTGRES, "it-chaos", 8960, 8970);
    }

    @BeforeAll
    void startProxy() {
        proxy = new FaultProxy(freePort(), 8970);
    }

    @AfterAll
    void writeReport() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        Path dir = Path.of(System.getProperty("crmsync.projectDir", ".")).resolve("target/chaos");
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>(List.of(
                "| fault | runs | edits made | edits arrived | duplicates | divergent values |",
                "|---|---|---|---|---|---|"));
        lines.addAll(REPORT);
        Files.write(dir.resolve("report.md"), lines);
    }

    @ParameterizedTest
    @EnumSource(value = FaultProxy.Fault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aNetworkFaultLosesAndDoublesNothing(FaultProxy.Fault fault) {
        String name = fault.name().toLowerCase(Locale.ROOT);
        String t = newTable("net_" + name);
        SyncPair pair = register(SyncPair.create(a.admin(), b.admin(), "it-net-" + name, SYNC_PASSWORD,
                SYNC_PASSWORD, kind::stored, url -> url.replace(":8970/", ":" + proxy.port() + "/")));
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        Edits edits = new Edits(t);
        try (edits) {
            for (int round = 0; round < ROUNDS; round++) {
                edits.more(10);
                proxy.set(fault);
                if (fault != FaultProxy.Fault.REFUSE) {
                    await(fault + " met by a connection").atMost(Duration.ofSeconds(60)).pollInterval(POLL)
                            .until(() -> proxy.faulted() > 0);
                }
                edits.more(20);
                proxy.set(FaultProxy.Fault.NONE);
            }
            edits.more(10);
        } finally {
            proxy.set(FaultProxy.Fault.NONE);
        }
        account(fault.name(), ROUNDS, t, edits.streams);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.HOURS) // every wait inside is bounded; 20 kills of each take long
    void killsOfEitherProgramDuringSteadyEditsLoseAndDoubleNothing() {
        String t = newTable("kills");
        SyncPair pair = newPair("kills");
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        Edits edits = new Edits(t);
        try (edits) {
            for (int i = 0; i < KILLS; i++) {
                for (Side victim : List.of(a, b)) {
                    edits.more(5 + random.nextInt(20)); // a random moment of a cycle
                    victim.program().kill();
                    edits.more(10);
                    victim.program().start();
                    victim.program().awaitHealthy();
                }
            }
            edits.more(10);
        }
        account("SIGKILL of A and of B", KILLS, t, edits.streams);
    }

    /**
     * The CRM database of one program "restarted" several times at random moments while cycles run: every
     * backend of that database terminated (what a fast shutdown does to them, SQLSTATE 57P01) and new
     * connections refused for 5 s. The shared PostgreSQL server itself keeps running.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"active A", "passive B"})
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aCrmDatabaseRestartedDuringCyclesLosesAndDoublesNothing(String which) {
        Side victim = which.startsWith("active") ? a : b;
        String l = victim.label().toLowerCase(Locale.ROOT);
        String t = newTable("dbrestart_" + l);
        SyncPair pair = newPair("dbrestart-" + l);
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        Map<Side, Integer> logFrom = Map.of(a, a.program().log().length(), b, b.program().log().length());
        Edits edits = new Edits(t);
        try (edits) {
            for (int i = 0; i < DB_RESTARTS; i++) {
                edits.more(5 + random.nextInt(20)); // a random moment of a cycle
                DatabaseFaults.restart(victim.db(), Duration.ofSeconds(5));
                edits.more(10);
            }
            edits.more(10);
        }
        account("CRM database of the " + which + " restarted", DB_RESTARTS, t, edits.streams);
        awaitConnected(pair);
        // The status says what happened (the database ended the session), not what failed after it.
        for (Side side : List.of(a, b)) {
            assertThat(side.program().log().substring(logFrom.get(side)).lines()
                    .filter(line -> line.contains("sync 'it-dbrestart-" + l + "'"))
                    .filter(line -> line.contains("This connection has been closed")))
                    .as("failures of the sync logged by " + side.label()).isEmpty();
        }
    }

    /**
     * Transient refusals of the receiving database during apply, under steady edits: (1) a deadlock that
     * PostgreSQL's detector resolves by killing the applier (the test holds a row lock the applier needs, then
     * waits for the program lock the applier holds); (2) a serialization failure (the database's default
     * isolation set to REPEATABLE READ, the test commits an edit of a row the applier waits to lock). Each must
     * roll the batch back whole and retry it; every edit arrives once.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"active A", "passive B"})
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void deadlocksAndSerializationFailuresDuringApplyAreRetried(String which) throws SQLException {
        Side victim = which.startsWith("active") ? a : b;
        Side other = victim == a ? b : a;
        String l = victim.label().toLowerCase(Locale.ROOT);
        String t = newTable("conflict_" + l);
        String locked = newTable("conflictrows_" + l); // the rows the test locks: not part of the accounting
        SyncPair pair = newPair("conflict-" + l);
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        pair.addFields(locked, BOTH, BOTH, COLUMNS);
        Edits edits = new Edits(t);
        try (edits) {
            for (int i = 0; i < ROUNDS; i++) {
                edits.more(10);
                deadlockTheApplier(victim, other, locked, "deadlock-" + i);
            }
            DatabaseFaults.setDefault(victim.db(), "default_transaction_isolation", "repeatable read");
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    edits.more(10);
                    failTheApplierSerialization(victim, other, locked, "serial-" + i);
                }
                edits.more(10);
            } finally {
                DatabaseFaults.setDefault(victim.db(), "default_transaction_isolation", null);
            }
            edits.more(10);
        }
        account("deadlock and serialization failure during apply in " + which, ROUNDS, t, edits.streams);
        assertThat(victim.program().log()).as("log of " + victim.label())
                .contains("deadlock detected").contains("could not serialize access");
        awaitConnected(pair);
    }

    /**
     * The test locks row {@code name} in the victim, the other side edits it, the victim's applier (holding the
     * program lock) waits for the row; then the test asks for the program lock: a deadlock. The test's session
     * waits 20 s before it checks for deadlocks, the applier's 1 s, so the applier is the one killed; should the
     * test's session be picked anyway (a slow machine), it tries again.
     */
    private void deadlockTheApplier(Side victim, Side other, String t, String name) throws SQLException {
        ClientsTable.insert(other.db(), t, row("name", name, "phone", "0"));
        awaitValue(victim, t, name, "phone", "0");
        for (int attempt = 1; ; attempt++) {
            String phone = "deadlock " + attempt;
            try (Connection c = victim.db().connect(); Statement st = c.createStatement()) {
                st.execute("SET deadlock_timeout = '20s'");
                st.execute("SET statement_timeout = '60s'");
                c.setAutoCommit(false);
                int pid = DatabaseFaults.pid(c);
                st.executeQuery("SELECT id FROM " + t + " WHERE name = '" + name + "' FOR UPDATE").close();
                other.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", phone, name);
                DatabaseFaults.awaitBlockedBy(victim.db(), pid, Duration.ofSeconds(60));
                try {
                    st.executeQuery("SELECT 1 FROM crmsync_program WHERE id = 1 FOR UPDATE").close();
                    c.commit();
                } catch (SQLException e) {
                    if (!"40P01".equals(e.getSQLState()) || attempt >= 3) {
                        throw e;
                    }
                    c.rollback();
                    continue;
                }
            }
            awaitValue(victim, t, name, "phone", phone);
            return;
        }
    }

    /**
     * Under REPEATABLE READ: the test's session edits row {@code name} in the victim and keeps it locked, the
     * other side edits the same row, the victim's applier waits for the row lock; the test commits, so the
     * applier's lock finds a row changed after its snapshot: SQLSTATE 40001.
     */
    private void failTheApplierSerialization(Side victim, Side other, String t, String name) throws SQLException {
        ClientsTable.insert(other.db(), t, row("name", name, "phone", "0", "qty", 0));
        awaitValue(victim, t, name, "phone", "0");
        try (Connection c = victim.db().connect(); Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '60s'");
            c.setAutoCommit(false);
            int pid = DatabaseFaults.pid(c);
            st.executeUpdate("UPDATE " + t + " SET qty = 7 WHERE name = '" + name + "'");
            other.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "serial", name);
            DatabaseFaults.awaitBlockedBy(victim.db(), pid, Duration.ofSeconds(60));
            c.commit();
        }
        awaitValue(victim, t, name, "phone", "serial");
        awaitValue(other, t, name, "qty", 7);
    }

    private void awaitConnected(SyncPair pair) {
        await("the active sync connected again").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> a.admin().status(pair.activeId).getBoolean("connected"));
    }

    /** Steady edits on both sides into one table, stopped on close. */
    private final class Edits implements AutoCloseable {
        final List<SteadyEditStream> streams;

        Edits(String t) {
            streams = List.of(new SteadyEditStream("a", a.db(), t, () -> true),
                    new SteadyEditStream("b", b.db(), t, () -> true));
            streams.forEach(s -> s.start(Duration.ofMillis(100)));
        }

        void more(int edits) {
            awaitMoreEdits(streams, edits);
        }

        @Override
        public void close() {
            streams.forEach(SteadyEditStream::stop);
        }
    }

    /** Waits for convergence, adds the run's row to the report, then asserts it is all zeros. */
    private void account(String fault, int runs, String t, List<SteadyEditStream> streams) {
        String divergence = null;
        try {
            awaitTablesEqual(t, COLUMNS, CATCH_UP_TIMEOUT, -1);
        } catch (AssertionError e) {
            divergence = e.getMessage();
        }
        Set<String> confirmed = confirmed(streams);
        Set<String> onBoth = new HashSet<>(a.db().query("SELECT name FROM " + t, rs -> rs.getString(1)));
        onBoth.retainAll(b.db().query("SELECT name FROM " + t, rs -> rs.getString(1)));
        int arrived = (int) confirmed.stream().filter(onBoth::contains).count();
        int duplicates = ClientsTable.duplicateNames(a.db(), t).size() + ClientsTable.duplicateNames(b.db(), t).size();
        int divergent = divergentRows(t);
        REPORT.add("| " + fault + " | " + runs + " | " + confirmed.size() + " | " + arrived + " | " + duplicates
                + " | " + divergent + " |");
        assertThat(divergence).as("tables converge").isNull();
        assertThat(arrived).as("confirmed edits on both sides").isEqualTo(confirmed.size());
        assertThat(duplicates).as("rows present twice").isZero();
        assertThat(divergent).as("rows whose values differ").isZero();
        assertEveryEditArrivedOnce(t, streams, "");
    }

    /** Rows, by name, whose synced values differ between A and B (or that one side lacks). */
    private int divergentRows(String t) {
        Map<Object, Map<String, Object>> rowsA = byName(ClientsTable.snapshot(a.db(), t, COLUMNS));
        Map<Object, Map<String, Object>> rowsB = byName(ClientsTable.snapshot(b.db(), t, COLUMNS));
        Set<Object> names = new HashSet<>(rowsA.keySet());
        names.addAll(rowsB.keySet());
        return (int) names.stream().filter(n -> !java.util.Objects.equals(rowsA.get(n), rowsB.get(n))).count();
    }

    private static Map<Object, Map<String, Object>> byName(List<Map<String, Object>> rows) {
        Map<Object, Map<String, Object>> m = new java.util.HashMap<>();
        rows.forEach(r -> m.put(r.get("name"), r));
        return m;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

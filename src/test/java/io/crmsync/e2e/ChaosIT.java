package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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

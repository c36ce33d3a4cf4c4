package io.crmsync.bench;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The crm-sync benchmark (deploy/bench.sh): two real programs (run-program.sh, Payara Micro) on two local
 * PostgreSQL databases, measuring initial load against the copy limit, steady-state latency, idle cost,
 * heap during a large initial load at -Xmx256m, and two-way convergence under contention. Measures and
 * reports; asserts nothing. Argument {@code --quick}: smaller sizes, same measurements.
 */
public final class Bench {

    /** Sizes of one run. */
    record Config(String mode, int loadRows, int[] ks, int steadySeconds, int drainTimeoutSeconds, int twoWayRows,
            int twoWayRate, int twoWaySeconds, int idleSmallRows, int bigRows, int idleSeconds, int loadTimeoutSeconds,
            boolean loadOnly) {

        static Config of(boolean quick, boolean loadOnly) {
            Config c = quick
                    ? new Config("quick", 20_000, new int[] {100, 1_000, 5_000}, 15, 60, 1_000, 200, 20, 10_000,
                            50_000, 15, 420, false)
                    : new Config("full", 200_000, new int[] {100, 1_000, 5_000}, 60, 180, 1_000, 200, 60, 10_000,
                            1_000_000, 60, 3_600, false);
            return loadOnly ? new Config(c.mode() + ", initial loads only", c.loadRows(), c.ks(), c.steadySeconds(),
                    c.drainTimeoutSeconds(), c.twoWayRows(), c.twoWayRate(), c.twoWaySeconds(), c.idleSmallRows(),
                    c.bigRows(), c.idleSeconds(), c.loadTimeoutSeconds(), true) : c;
        }
    }

    /** The folder transports whose initial load is measured, each on its own copy of the load table. */
    static final List<String> FOLDER_TRANSPORTS = List.of("LOCAL", "FTP");

    static final String DB_A = "bench_a";
    static final String DB_B = "bench_b";
    static final int PORT_A = 8810;
    static final int PORT_B = 8820;
    static final int PERIOD_SECONDS = 1;
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(300);
    static final String HEAP_FOR_MEMORY = "-Xmx256m";
    /** Rows of the small initial load whose SQL statements are counted (logging slows it: no rate). */
    static final int COUNT_ROWS = 5_000;

    private final Config cfg;
    private final Path repo;
    private final Path out;
    private final Results results = new Results();
    private IdleProbe idle;
    private Program a;
    private Program b;
    private Admin adminA;
    private Admin adminB;
    /** A's sync of the table whose idle cost is measured next (pair 2). */
    /** The sync of the memory phase, whose idle cost is measured next. */
    private Admin.Pair lastPair;
    private BenchFtpServer ftp;
    /** --seal-compare: only the initial loads and the latency, with and without sealing. */
    private boolean sealCompare;

    private Bench(Config cfg, Path repo) {
        this.cfg = cfg;
        this.repo = repo;
        this.out = repo.resolve("target/bench");
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        boolean loadOnly = List.of(args).contains("--load-only");
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Bench bench = new Bench(Config.of(quick, loadOnly), repo);
        bench.sealCompare = List.of(args).contains("--seal-compare");
        Runtime.getRuntime().addShutdownHook(new Thread(bench::cleanUp, "bench-clean-up"));
        bench.run();
    }

    private void run() throws Exception {
        deleteRecursively(out.resolve("work"));
        deleteRecursively(out.resolve("logs"));
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("pids"));
        describeMachine();
        System.out.println("crm-sync benchmark (" + cfg.mode() + "): " + ReportWriter.machineLine(results));
        Program.requirePortFree(PORT_A);
        Program.requirePortFree(PORT_B);
        idle = new IdleProbe(IdleProbe.findServerLog((String) results.machine.get("postgresql")));
        if (!idle.canCountStatements()) {
            results.note("statement counts not measured: the PostgreSQL server log is not readable (set BENCH_PG_LOG)");
        }
        try {
            if (sealCompare) {
                SealCompare.run(this, Integer.parseInt(System.getenv().getOrDefault("BENCH_SEAL_ROUNDS", "1")));
            } else {
                firstPair();
                if (!cfg.loadOnly()) {
                    secondPair();
                }
            }
        } finally {
            stopPrograms();
            if (ftp != null) {
                ftp.close();
            }
            dropDatabases();
            results.machine.put("finishedAt", Instant.now().toString());
            results.machine.put("loadAverageAtEnd", loadAverage());
            ReportWriter.writeAll(results, out);
            System.out.println();
            System.out.println("crm-sync benchmark (" + cfg.mode() + "): " + ReportWriter.machineLine(results));
            System.out.print(ReportWriter.table(results));
            for (String n : results.notes) {
                System.out.println("note: " + n);
            }
            System.out.println("written: " + out.resolve("results.json") + ", " + out.resolve("report.md") + ", "
                    + out.resolve("latency.png"));
        }
    }

    // ---- program pair 1 (default heap): initial load, copy limit, steady state, two-way, idle (small) ----

    private void firstPair() throws Exception {
        setUpLoadTables(List.of("bench_count", "bench_twoway", "bench_idle_small"));
        Pg.fill(DB_A, "bench_twoway", cfg.twoWayRows());
        Pg.fill(DB_A, "bench_count", COUNT_ROWS);
        Pg.fill(DB_A, "bench_idle_small", cfg.idleSmallRows());
        startPrograms(System.getenv().getOrDefault("BENCH_JAVA_OPTS", ""));

        Admin.Pair load = phase("initial load", () -> initialLoad());
        phase("copy limit", () -> {
            copyLimit();
            return null;
        });
        for (String transport : FOLDER_TRANSPORTS) {
            phase("initial load, " + transport, () -> {
                folderLoad(transport);
                return null;
            });
        }
        if (cfg.loadOnly()) {
            stopPrograms();
            return;
        }
        phase("statements per row (" + COUNT_ROWS + "-row initial load, statements logged)", () -> {
            statementsPerRow();
            return null;
        });
        phase("steady state", () -> {
            steadyState();
            return null;
        });
        Admin.Pair twoWay = phase("two-way", () -> twoWay());
        phase("idle cost (" + cfg.idleSmallRows() + " rows)", () -> {
            for (Admin.Pair p : new Admin.Pair[] {load, twoWay}) {
                if (p != null) {
                    p.delete();
                }
            }
            idleCost("bench_idle_small", cfg.idleSmallRows(), "idle_small", true);
            return null;
        });
        stopPrograms();
        dropDatabases();
    }

    /** Fresh databases with the load table, its copies for the folder transports, and {@code others} empty. */
    void setUpLoadTables(List<String> others) throws Exception {
        step("setting up databases " + DB_A + ", " + DB_B + " (" + cfg.loadRows() + " rows)");
        Pg.recreate(DB_A);
        Pg.recreate(DB_B);
        List<String> tables = new ArrayList<>(List.of("bench_load"));
        tables.addAll(others);
        for (String t : tables) {
            Pg.createTable(DB_A, t, false);
            Pg.createTable(DB_B, t, true);
        }
        Pg.fill(DB_A, "bench_load", cfg.loadRows());
        for (String transport : FOLDER_TRANSPORTS) {
            Pg.createTable(DB_A, loadTable(transport), false);
            Pg.createTable(DB_B, loadTable(transport), true);
            Pg.fill(DB_A, loadTable(transport), cfg.loadRows());
        }
    }

    /**
     * The initial loads (HTTP, LOCAL, FTP) and the steady-state latency on programs started with {@code
     * javaOpts}, on fresh tables; the programs are stopped afterwards.
     */
    void loadsAndLatency(String javaOpts) throws Exception {
        setUpLoadTables(List.of());
        startPrograms(javaOpts);
        phase("initial load", () -> initialLoad());
        for (String transport : FOLDER_TRANSPORTS) {
            phase("initial load, " + transport, () -> {
                folderLoad(transport);
                return null;
            });
        }
        phase("steady state", () -> {
            steadyState();
            return null;
        });
        stopPrograms();
    }

    Results results() {
        return results;
    }

    // ---- program pair 2 (-Xmx256m): heap during a large initial load, idle (large) -----------------------

    private void secondPair() throws Exception {
        step("setting up databases for the " + cfg.bigRows() + "-row table");
        Pg.recreate(DB_A);
        Pg.recreate(DB_B);
        Pg.createTable(DB_A, "bench_big", false);
        Pg.createTable(DB_B, "bench_big", true);
        Pg.fill(DB_A, "bench_big", cfg.bigRows());
        Path gcA = out.resolve("logs/gc-bench-a.log");
        Path gcB = out.resolve("logs/gc-bench-b.log");
        Files.deleteIfExists(gcA);
        Files.deleteIfExists(gcB);
        String extra = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "");
        Program pa = new Program("bench-a", PORT_A, DB_A, (extra + " " + HEAP_FOR_MEMORY + " "
                + MemoryProbe.gcLogOption(gcA)).trim(), repo, out);
        Program pb = new Program("bench-b", PORT_B, DB_B, (extra + " " + HEAP_FOR_MEMORY + " "
                + MemoryProbe.gcLogOption(gcB)).trim(), repo, out);
        startPrograms(pa, pb);
        phase("memory (" + cfg.bigRows() + " rows at " + HEAP_FOR_MEMORY + ")", () -> {
            MemoryProbe ma = new MemoryProbe(pa, gcA);
            MemoryProbe mb = new MemoryProbe(pb, gcB);
            ma.begin();
            mb.begin();
            long start = System.nanoTime();
            lastPair = Admin.syncTable(adminA, adminB, "bench big", "bench_big");
            Arrival arrival = awaitRows(DB_B, "bench_big", cfg.bigRows(), start, cfg.loadTimeoutSeconds());
            Thread.sleep(2000); // the last GC lines
            MemoryProbe.Heap ha = ma.end(256);
            MemoryProbe.Heap hb = mb.end(256);
            Map<String, Object> m = results.section("memory");
            m.put("rows", cfg.bigRows());
            m.put("javaOpts", HEAP_FOR_MEMORY);
            m.put("loadSeconds", arrival.seconds());
            m.put("rowsArrived", arrival.rows());
            m.put("rowsPerSecond", arrival.rows() / arrival.seconds());
            m.put("A", heap(ha));
            m.put("B", heap(hb));
            boolean oom = ha.oom() || hb.oom();
            results.row(String.format("Memory: %,d-row initial load at %s, peak heap A / B", cfg.bigRows(),
                    HEAP_FOR_MEMORY), Results.fmt(ha.peakMb(), 0) + " / " + Results.fmt(hb.peakMb(), 0) + " MB"
                    + (oom ? ", OutOfMemoryError in " + (ha.oom() ? "A " : "") + (hb.oom() ? "B" : "") : ", no OOM")
                    + (arrival.complete() ? "" : ", load INCOMPLETE"), "no OutOfMemoryError", !oom && arrival.complete());
            results.row(String.format("Memory: that load's rate (%s)", HEAP_FOR_MEMORY),
                    Results.fmt(arrival.rows() / arrival.seconds(), 0) + " rows/s, GCs A/B " + ha.gcs() + "/"
                            + hb.gcs() + " (full " + ha.fullGcs() + "/" + hb.fullGcs() + ")", null, null);
            return null;
        });
        phase("idle cost (" + cfg.bigRows() + " rows)", () -> {
            idleCost("bench_big", cfg.bigRows(), "idle_big", false);
            return null;
        });
        stopPrograms();
    }

    // ---- phases --------------------------------------------------------------------------------------------

    private Admin.Pair initialLoad() throws Exception {
        long[] rowsBefore = {bookkeepingRows(DB_A), bookkeepingRows(DB_B)};
        long start = System.nanoTime();
        Admin.Pair pair = Admin.syncTable(adminA, adminB, "bench load", "bench_load");
        Arrival arrival = awaitRows(DB_B, "bench_load", cfg.loadRows(), start, cfg.loadTimeoutSeconds());
        awaitSettled(Duration.ofSeconds(60));
        String written = rowsWritten(rowsBefore, arrival.rows(), results.section("initialLoad"), "httpRowsWrittenPerRow");
        double rate = arrival.rows() / arrival.seconds();
        Map<String, Object> s = results.section("initialLoad");
        s.put("rows", cfg.loadRows());
        s.put("columns", 10);
        s.put("httpSeconds", arrival.seconds());
        s.put("httpRowsArrived", arrival.rows());
        s.put("httpRowsPerSecond", rate);
        s.put("httpFirstRowSeconds", arrival.firstSeconds());
        s.put("httpRowsPerSecondAfterFirst", arrival.flowRate());
        s.put("httpComplete", arrival.complete());
        results.row(String.format("Initial load %,d rows, HTTP", cfg.loadRows()), Results.fmt(rate, 0) + " rows/s ("
                + Results.fmt(arrival.seconds(), 1) + " s from setup" + (arrival.complete() ? "" : ", INCOMPLETE") + "; "
                + arrival.flowNote() + "; load average "
                + loadAverage() + ")", null, null);
        results.row("Initial load HTTP: crm-sync rows written per loaded row A / B", written, null, null);
        return pair;
    }

    /**
     * Rows of crm-sync's bookkeeping tables (records, versions, journal, change log): what an initial
     * load writes besides the CRM rows, whatever the machine's load (capture rows come and go).
     */
    private static long bookkeepingRows(String db) throws SQLException {
        long n = 0;
        for (String t : List.of("crmsync_record", "crmsync_version", "crmsync_journal", "crmsync_log")) {
            n += Pg.count(db, t);
        }
        return n;
    }

    private static String rowsWritten(long[] before, long rows, Map<String, Object> section, String key)
            throws SQLException {
        double a = (bookkeepingRows(DB_A) - before[0]) / (double) Math.max(1, rows);
        double b = (bookkeepingRows(DB_B) - before[1]) / (double) Math.max(1, rows);
        section.put(key, Map.of("A", a, "B", b));
        return Results.fmt(a, 1) + " / " + Results.fmt(b, 1) + " (records, versions (one row per record), journal, change log; B also"
                + " writes the CRM row and a capture row)";
    }

    /** Table of A (and B) whose initial load goes over a folder transport: a copy of bench_load. */
    private static String loadTable(String transport) {
        return "bench_load_" + transport.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The same initial load as {@link #initialLoad} over LOCAL or FTP folders (under target/bench/work;
     * FTP through an FTP server in this JVM), on its own copy of the table; the sync is deleted afterwards
     * so that it does not add to later phases.
     */
    private void folderLoad(String transport) throws Exception {
        Path root = out.resolve("work/folders").toAbsolutePath();
        for (String dir : List.of("a2b", "b2a")) {
            Files.createDirectories(root.resolve(transport.toLowerCase(java.util.Locale.ROOT)).resolve(dir));
        }
        java.util.function.Function<String, JsonObject> folders;
        if ("LOCAL".equals(transport)) {
            Path base = root.resolve("local");
            folders = mode -> folderMember(base.resolve(mode.equals("ACTIVE") ? "a2b" : "b2a").toString(),
                    base.resolve(mode.equals("ACTIVE") ? "b2a" : "a2b").toString(), null);
        } else {
            if (ftp == null) {
                ftp = new BenchFtpServer(root);
            }
            folders = mode -> folderMember(mode.equals("ACTIVE") ? "/ftp/a2b" : "/ftp/b2a",
                    mode.equals("ACTIVE") ? "/ftp/b2a" : "/ftp/a2b", ftp);
        }
        String table = loadTable(transport);
        long[] rowsBefore = {bookkeepingRows(DB_A), bookkeepingRows(DB_B)};
        long start = System.nanoTime();
        Admin.Pair pair = Admin.syncFolders(adminA, adminB, "bench load " + transport, transport, table, table, folders);
        Arrival arrival = awaitRows(DB_B, table, cfg.loadRows(), start, cfg.loadTimeoutSeconds());
        awaitSettled(Duration.ofSeconds(60));
        Map<String, Object> m = new LinkedHashMap<>();
        String written = rowsWritten(rowsBefore, arrival.rows(), m, "rowsWrittenPerRow");
        pair.delete();
        double rate = arrival.rows() / arrival.seconds();
        Map<String, Object> s = results.section("initialLoad");
        m.put("seconds", arrival.seconds());
        m.put("rowsArrived", arrival.rows());
        m.put("rowsPerSecond", rate);
        m.put("firstRowSeconds", arrival.firstSeconds());
        m.put("rowsPerSecondAfterFirst", arrival.flowRate());
        m.put("complete", arrival.complete());
        m.put("loadAverage", loadAverage());
        double jdbc = s.get("jdbcCopyRowsPerSecond") instanceof Double d ? d : Double.NaN;
        m.put("toJdbcRatio", rate / jdbc);
        s.put(transport, m);
        results.row(String.format("Initial load %,d rows, %s", cfg.loadRows(), transport), Results.fmt(rate, 0)
                + " rows/s (" + Results.fmt(arrival.seconds(), 1) + " s from setup" + (arrival.complete() ? "" : ", INCOMPLETE")
                + "; " + arrival.flowNote() + "; load average " + loadAverage() + "); / JDBC copy " + Results.fmt(rate / jdbc, 3),
                "not far behind HTTP", null);
        results.row("Initial load " + transport + ": crm-sync rows written per loaded row A / B", written, null, null);
    }

    private static JsonObject folderMember(String upload, String download, BenchFtpServer server) {
        var b = Admin.JSON.createObjectBuilder().add("uploadDir", upload).add("downloadDir", download);
        if (server != null) {
            b.add("host", "127.0.0.1").add("port", server.port()).add("user", BenchFtpServer.USER)
                    .add("password", BenchFtpServer.PASSWORD);
        }
        return b.build();
    }

    /**
     * SQL statements per row of an initial load, from the server log: a second, small table synced
     * while statements are logged (not the timed load: logging every statement slows the server). The
     * window runs until the rows arrived and both capture tables are empty, so it includes the cycles
     * that ran meanwhile (a few seconds of idle cycles, ~20 statements each).
     */
    private void statementsPerRow() throws Exception {
        statementLogging(true);
        IdleProbe.Mark mark = idle.mark(programs(), dbs());
        long start = System.nanoTime();
        Admin.Pair pair = Admin.syncTable(adminA, adminB, "bench count", "bench_count");
        Arrival arrival = awaitRows(DB_B, "bench_count", COUNT_ROWS, start, cfg.loadTimeoutSeconds());
        awaitSettled(Duration.ofSeconds(120));
        IdleProbe.Window w = idle.since(mark, programs(), dbs());
        statementLogging(false);
        pair.delete();
        Map<String, Object> m = window(w);
        m.put("rows", COUNT_ROWS);
        m.put("complete", arrival.complete());
        results.section("initialLoad").put("statementsPerRow", m);
        long a = w.statements().get("A");
        long b = w.statements().get("B");
        results.row(String.format("Initial load %,d rows: SQL statements per row A / B", COUNT_ROWS),
                a < 0 ? "server log not readable" : Results.fmt((double) a / COUNT_ROWS, 2) + " / "
                        + Results.fmt((double) b / COUNT_ROWS, 2) + " (" + a + " / " + b + " in " + Results.fmt(w.seconds(), 0)
                        + " s" + (arrival.complete() ? "" : ", INCOMPLETE") + ")", null, null);
    }

    private void copyLimit() throws Exception {
        double jdbc = CopyLimit.jdbc(DB_A, DB_B, "bench_load");
        double copy = CopyLimit.copy(DB_A, DB_B, "bench_load");
        Map<String, Object> s = results.section("initialLoad");
        s.put("jdbcCopyRowsPerSecond", jdbc);
        s.put("pgCopyRowsPerSecond", copy);
        double http = s.get("httpRowsPerSecond") instanceof Double d ? d : Double.NaN;
        s.put("httpToJdbcRatio", http / jdbc);
        s.put("httpToPgCopyRatio", http / copy);
        results.row("Limit: plain JDBC copy (stream SELECT, batch INSERT)", Results.fmt(jdbc, 0) + " rows/s (load average "
                + loadAverage() + ")", null, null);
        results.row("Limit: PostgreSQL COPY (CopyManager)", Results.fmt(copy, 0) + " rows/s", null, null);
        double flow = s.get("httpRowsPerSecondAfterFirst") instanceof Double d ? d : Double.NaN;
        s.put("httpAfterFirstToJdbcRatio", flow / jdbc);
        results.row("Initial load HTTP / JDBC copy (/ COPY)", Results.fmt(http / jdbc, 3) + " (" + Results.fmt(http / copy, 3)
                + "); after the first row " + Results.fmt(flow / jdbc, 3), ">= 0.5 of JDBC copy", http / jdbc >= 0.5);
    }

    private void steadyState() throws Exception {
        LatencyProbe probe = new LatencyProbe(DB_A, DB_B, "bench_load", cfg.loadRows());
        List<Object> levels = new ArrayList<>();
        results.section("steadyState").put("periodSeconds", PERIOD_SECONDS);
        results.section("steadyState").put("windowSeconds", cfg.steadySeconds());
        results.section("steadyState").put("levels", levels);
        Integer highestBounded = null;
        boolean stop = false;
        for (int k : cfg.ks()) {
            if (stop) {
                results.row(String.format("Steady K=%,d/s", k), "skipped: a lower K was unbounded", null, null);
                levels.add(Map.of("k", k, "skipped", "a lower K was unbounded"));
                continue;
            }
            step("steady state: " + k + " updates/s for " + cfg.steadySeconds() + " s");
            LatencyProbe.Level l = probe.run(k, cfg.steadySeconds(), cfg.drainTimeoutSeconds());
            results.level(l);
            Histogram h = l.histogram();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", k);
            m.put("achievedUpdatesPerSecond", l.achievedPerSecond());
            m.put("updates", l.updates());
            m.put("measured", h.getTotalCount());
            m.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
            m.put("p95Ms", h.getValueAtPercentile(95) / 1000.0);
            m.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
            m.put("maxMs", h.getMaxValue() / 1000.0);
            m.put("medianSecondQuarterMs", l.medianSecondQuarterMs());
            m.put("medianLastQuarterMs", l.medianLastQuarterMs());
            m.put("allArrived", l.allArrived());
            m.put("drainSeconds", l.drainSeconds());
            m.put("bounded", l.bounded());
            levels.add(m);
            String lat = "p50 " + ms(h, 50) + ", p95 " + ms(h, 95) + ", p99 " + ms(h, 99) + ", max "
                    + Results.fmt(h.getMaxValue() / 1e6, 2) + " s";
            String bounded = l.bounded() ? "bounded" : "UNBOUNDED";
            String result = lat + "; " + bounded + " (achieved " + Results.fmt(l.achievedPerSecond(), 0) + "/s, drain "
                    + (l.allArrived() ? Results.fmt(l.drainSeconds(), 1) + " s" : "> " + cfg.drainTimeoutSeconds() + " s")
                    + ")";
            String target = k == 1000 ? "p99 < " + (PERIOD_SECONDS + 0.5) + " s" : k == 5000 ? "bounded" : null;
            Boolean met = null;
            if (k == 1000) {
                met = h.getValueAtPercentile(99) < (PERIOD_SECONDS + 0.5) * 1e6;
            } else if (k == 5000) {
                met = l.bounded();
            }
            results.row(String.format("Steady K=%,d/s latency", k), result, target, met);
            if (l.bounded()) {
                highestBounded = k;
            } else {
                stop = true;
            }
        }
        results.section("steadyState").put("highestBoundedK", highestBounded);
        results.row("Steady: highest K with a bounded backlog", highestBounded == null ? "none" : String.format("%,d/s",
                highestBounded) + " (of " + java.util.Arrays.toString(cfg.ks()) + ")", null, null);
    }

    private Admin.Pair twoWay() throws Exception {
        Admin.Pair pair = Admin.syncTable(adminA, adminB, "bench two-way", "bench_twoway");
        Arrival arrival = awaitRows(DB_B, "bench_twoway", cfg.twoWayRows(), System.nanoTime(), 300);
        if (!arrival.complete()) {
            throw new IllegalStateException("the two-way table's initial load did not complete");
        }
        step("two-way: " + cfg.twoWayRate() + " updates/s on each side for " + cfg.twoWaySeconds() + " s");
        TwoWayProbe.Result r = TwoWayProbe.run(DB_A, DB_B, "bench_twoway", cfg.twoWayRate(), cfg.twoWaySeconds(), 300);
        Map<String, Object> s = results.section("twoWay");
        s.put("rows", r.rows());
        s.put("updatesPerSecondEachSide", cfg.twoWayRate());
        s.put("seconds", cfg.twoWaySeconds());
        s.put("updatesA", r.updatesA());
        s.put("updatesB", r.updatesB());
        s.put("convergedSeconds", r.convergedSeconds());
        s.put("equal", r.equal());
        s.put("differingRows", r.differingRows());
        results.row(String.format("Two-way: %,d rows, %d/s each side, %d s", r.rows(), cfg.twoWayRate(), cfg.twoWaySeconds()),
                "equal after " + Results.fmt(r.convergedSeconds(), 1) + " s; check: " + (r.equal() ? "equal"
                        : r.differingRows() + " rows differ"), "both databases equal", r.equal());
        return pair;
    }

    /**
     * Idle cost for a table of {@code rows}: a baseline window with no sync (pair 1 only: pair 2 measured its
     * own before), then the table synced, loaded and left alone for a window.
     */
    private void idleCost(String table, int rows, String key, boolean baselineFirst) throws Exception {
        Map<String, Object> section = results.section("idle");
        String baselineKey = baselineFirst ? "baseline_default" : "baseline_256m";
        if (baselineFirst) {
            statementLogging(true);
            step("idle baseline (no sync) for " + cfg.idleSeconds() + " s");
            section.put(baselineKey, window(idle.measure(programs(), dbs(), cfg.idleSeconds())));
            statementLogging(false); // not during the table's initial load
        }
        long start = System.nanoTime();
        Admin.Pair pair = baselineFirst ? Admin.syncTable(adminA, adminB, "bench idle", table) : null;
        String activeId = pair != null ? pair.activeId() : lastPair == null ? null : lastPair.activeId();
        if (activeId == null) {
            throw new IllegalStateException("the table has no sync (its load phase failed)");
        }
        Arrival arrival = awaitRows(DB_B, table, rows, start, cfg.loadTimeoutSeconds());
        if (!arrival.complete()) {
            results.note(key + ": the table's initial load did not complete; idle cost measured anyway");
        }
        statementLogging(true);
        if (!awaitSettled(Duration.ofSeconds(180))) {
            results.note(key + ": capture rows still pending after the load; idle cost measured anyway");
        }
        boolean recovered = awaitCycles(activeId, 3, Duration.ofSeconds(90));
        if (!recovered) {
            results.note(key + ": A's sync reported no successful cycle after the sessions were re-opened");
        }
        step("idle window with a synced " + rows + "-row table for " + cfg.idleSeconds() + " s");
        IdleProbe.Window w = idle.measure(programs(), dbs(), cfg.idleSeconds());
        if (!baselineFirst) {
            // The second pair's baseline comes after its sync is deleted: measured right after the
            // programs started, it caught their warm-up and came out above the synced window.
            lastPair.delete();
            step("idle baseline (no sync, " + HEAP_FOR_MEMORY + ") for " + cfg.idleSeconds() + " s");
            section.put(baselineKey, window(idle.measure(programs(), dbs(), cfg.idleSeconds())));
        }
        statementLogging(false);
        Map<String, Object> m = window(w);
        m.put("rows", rows);
        @SuppressWarnings("unchecked")
        Map<String, Object> baseline = (Map<String, Object>) section.get(baselineKey);
        double cycles = w.seconds() / PERIOD_SECONDS;
        Map<String, Object> perCycle = new LinkedHashMap<>();
        for (String side : List.of("A", "B")) {
            double cpu = w.cpuMs().get(side) / cycles;
            double baseCpu = baseline == null ? Double.NaN
                    : (Double) ((Map<?, ?>) baseline.get("cpuMs")).get(side) / (Double) baseline.get("seconds") * PERIOD_SECONDS;
            long baseStatements = baseline == null ? 0 : (Long) ((Map<?, ?>) baseline.get("statements")).get(side);
            double baseSeconds = baseline == null ? 1 : (Double) baseline.get("seconds");
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("statements", w.statements().get(side) < 0 ? Double.NaN : w.statements().get(side) / cycles);
            p.put("statementsWithoutSync", baseline == null ? Double.NaN : baseStatements / baseSeconds * PERIOD_SECONDS);
            p.put("cpuMs", cpu);
            p.put("cpuMsWithoutSync", baseCpu);
            p.put("cpuMsNet", cpu - baseCpu);
            p.put("rowsRead", w.rowsRead().get(side) / cycles);
            perCycle.put(side, p);
        }
        m.put("perCycle", perCycle);
        section.put(key, m);
        @SuppressWarnings("unchecked")
        Map<String, Object> pa = (Map<String, Object>) perCycle.get("A");
        @SuppressWarnings("unchecked")
        Map<String, Object> pb = (Map<String, Object>) perCycle.get("B");
        double stA = (Double) pa.get("statements");
        double stB = (Double) pb.get("statements");
        double netA = (Double) pa.get("cpuMsNet");
        double netB = (Double) pb.get("cpuMsNet");
        results.row(String.format("Idle cycle, %,d-row table: statements A / B", rows), Results.fmt(stA, 1) + " / "
                + Results.fmt(stB, 1) + " per cycle (rows read " + Results.fmt((Double) pa.get("rowsRead"), 0) + " / "
                + Results.fmt((Double) pb.get("rowsRead"), 0) + ")", "a handful (<= 10)", stA <= 10 && stB <= 10);
        results.row(String.format("Idle cycle, %,d-row table: CPU A / B", rows), Results.fmt(netA, 1) + " / "
                + Results.fmt(netB, 1) + " ms per cycle above an idle server (raw " + Results.fmt((Double) pa.get("cpuMs"), 1)
                + " / " + Results.fmt((Double) pb.get("cpuMs"), 1) + ")", "< 5 ms", netA < 5 && netB < 5);
        if ("idle_big".equals(key) && section.get("idle_small") instanceof Map<?, ?> small) {
            Map<?, ?> sa = (Map<?, ?>) ((Map<?, ?>) small.get("perCycle")).get("A");
            Map<?, ?> sb = (Map<?, ?>) ((Map<?, ?>) small.get("perCycle")).get("B");
            double smallSt = (Double) sa.get("statements") + (Double) sb.get("statements");
            double smallRead = (Double) sa.get("rowsRead") + (Double) sb.get("rowsRead");
            double bigRead = (Double) pa.get("rowsRead") + (Double) pb.get("rowsRead");
            boolean equal = Math.abs(stA + stB - smallSt) <= Math.max(1, 0.1 * smallSt)
                    && bigRead <= Math.max(100, 2 * smallRead);
            results.row(String.format("Idle cycle equal at %,d and %,d rows", cfg.idleSmallRows(), rows), "statements "
                    + Results.fmt(smallSt, 1) + " vs " + Results.fmt(stA + stB, 1) + ", rows read " + Results.fmt(smallRead, 0)
                    + " vs " + Results.fmt(bigRead, 0) + " (A+B per cycle)", "equal", equal);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /**
     * Rows that arrived in B and when (seconds since {@code startNanos}), polled on B's max(id); {@code
     * firstSeconds}: when the first row was seen (the sync's setup and first cycle come before it).
     */
    record Arrival(long rows, double seconds, boolean complete, double firstSeconds) {
        /** The rate after the first row: the transfer alone, without the setup. */
        double flowRate() {
            return seconds > firstSeconds ? rows / (seconds - firstSeconds) : Double.NaN;
        }

        String flowNote() {
            return String.format("first row after %.1f s, then %,.0f rows/s", firstSeconds, flowRate());
        }
    }

    private Arrival awaitRows(String db, String table, long expected, long startNanos, int timeoutSeconds)
            throws Exception {
        long deadline = startNanos + timeoutSeconds * 1_000_000_000L;
        long lastReport = System.nanoTime();
        long rows = 0;
        double first = Double.NaN;
        while (true) {
            // ids in B are assigned in insert order: max(id) is an index look-up, count(*) would scan
            rows = Pg.queryLong(db, "SELECT coalesce(max(id), 0) FROM " + table);
            long now = System.nanoTime();
            if (rows > 0 && Double.isNaN(first)) {
                first = (now - startNanos) / 1e9;
            }
            if (rows >= expected && Pg.count(db, table) >= expected) {
                return new Arrival(Pg.count(db, table), (now - startNanos) / 1e9, true, first);
            }
            if (now > deadline) {
                long n = Pg.count(db, table);
                results.note(String.format("%s: only %,d of %,d rows arrived in %d s", table, n, expected, timeoutSeconds));
                return new Arrival(n, (now - startNanos) / 1e9, false, first);
            }
            if (now - lastReport > 15_000_000_000L) {
                System.out.printf("    %s: %,d of %,d rows in B after %.0f s%n", table, rows, expected,
                        (now - startNanos) / 1e9);
                lastReport = now;
            }
            Thread.sleep(expected > 100_000 ? 1000 : 200);
        }
    }

    /**
     * Switches statement logging of the bench databases; the programs' pooled sessions are terminated so
     * that they reconnect with it. A pool hands out a dead connection once before it notices, so this
     * waits until both admin APIs answer three reads in a row again.
     */
    private void statementLogging(boolean on) throws Exception {
        idle.statementLogging(on, DB_A, DB_B);
        Thread.sleep(1000);
        for (Admin admin : new Admin[] {adminA, adminB}) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            int ok = 0;
            while (ok < 3 && System.nanoTime() < deadline) {
                ok = admin.answers() ? ok + 1 : 0;
                Thread.sleep(200);
            }
            if (ok < 3) {
                results.note("a program's admin API did not answer after its database sessions were re-opened");
            }
        }
        Thread.sleep(2000);
    }

    /** Waits until neither side has capture rows left to version (the load's echo processed). */
    private static boolean awaitSettled(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Pg.count(DB_A, "crmsync_capture") == 0 && Pg.count(DB_B, "crmsync_capture") == 0) {
                Thread.sleep(3000);
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    /** Waits until A's sync reported {@code n} more successful cycles. */
    private boolean awaitCycles(String activeId, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        int seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                JsonObject st = adminA.status(activeId);
                String success = st.isNull("lastSuccessAt") ? null : st.getString("lastSuccessAt", null);
                if (success != null && !success.equals(last)) {
                    last = success;
                    if (++seen >= n) {
                        return true;
                    }
                }
            } catch (RuntimeException e) {
                // the admin API uses the same pool; retry
            }
            Thread.sleep(300);
        }
        return false;
    }


    private static String ms(Histogram h, double percentile) {
        return Results.fmt(h.getValueAtPercentile(percentile) / 1e6, 2) + " s";
    }

    private static Map<String, Object> window(IdleProbe.Window w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", w.seconds());
        m.put("cpuMs", w.cpuMs());
        m.put("statements", w.statements());
        m.put("rowsRead", w.rowsRead());
        m.put("topStatements", w.topStatements());
        m.put("rowsReadByTable", w.tableReads());
        return m;
    }

    private static Map<String, Object> heap(MemoryProbe.Heap h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peakHeapMb", h.peakMb());
        m.put("heapAfterLastGcMb", h.lastAfterMb());
        m.put("maxHeapMb", h.maxMb());
        m.put("gcs", h.gcs());
        m.put("fullGcs", h.fullGcs());
        m.put("gcPauseMs", h.pauseMs());
        m.put("outOfMemoryError", h.oom());
        return m;
    }

    private Map<String, Program> programs() {
        Map<String, Program> m = new LinkedHashMap<>();
        m.put("A", a);
        m.put("B", b);
        return m;
    }

    private static Map<String, String> dbs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("A", DB_A);
        m.put("B", DB_B);
        return m;
    }

    private void startPrograms(String javaOpts) throws Exception {
        startPrograms(new Program("bench-a", PORT_A, DB_A, javaOpts, repo, out),
                new Program("bench-b", PORT_B, DB_B, javaOpts, repo, out));
    }

    private void startPrograms(Program pa, Program pb) throws Exception {
        step("starting programs A (:" + PORT_A + ") and B (:" + PORT_B + "), JAVA_OPTS '" + pa.javaOpts() + "'");
        deleteRecursively(out.resolve("work/data"));
        a = pa;
        b = pb;
        long t0 = System.nanoTime();
        a.start();
        b.start();
        a.awaitHealthy(BOOT_TIMEOUT);
        b.awaitHealthy(BOOT_TIMEOUT);
        adminA = new Admin(a);
        adminB = new Admin(b);
        System.out.printf("    both healthy after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private void stopPrograms() {
        for (Program p : new Program[] {a, b}) {
            if (p != null) {
                p.stop();
            }
        }
        a = null;
        b = null;
    }

    private void dropDatabases() {
        for (String db : List.of(DB_A, DB_B)) {
            try {
                Pg.exec("postgres", "ALTER DATABASE " + db + " RESET log_statement");
            } catch (SQLException e) {
                // not there
            }
            try {
                Pg.drop(db);
            } catch (SQLException e) {
                System.err.println("could not drop " + db + ": " + e.getMessage());
            }
        }
    }

    /** On any exit, Ctrl-C included: kill the programs, drop the databases. */
    private void cleanUp() {
        Program.killAll();
        dropDatabases();
    }

    interface Phase<T> {
        T run() throws Exception;
    }

    private <T> T phase(String name, Phase<T> phase) {
        step(name);
        long t0 = System.nanoTime();
        try {
            T t = phase.run();
            System.out.printf("    %s: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
            return t;
        } catch (Exception | AssertionError e) {
            results.note(name + " failed: " + e);
            results.row(name, "FAILED: " + e.getMessage(), null, false);
            e.printStackTrace();
            return null;
        }
    }

    static void step(String text) {
        System.out.println("== " + Instant.now().toString().substring(11, 19) + " " + text);
    }

    private void describeMachine() throws Exception {
        Map<String, Object> m = results.machine;
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memoryMb", memInfoMb());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put("postgresql", Pg.version());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("startedAt", Instant.now().toString());
        m.put("loadAverageAtStart", loadAverage());
        Map<String, Object> c = results.config;
        c.put("mode", cfg.mode());
        c.put("initialLoadRows", cfg.loadRows());
        c.put("steadyK", java.util.Arrays.toString(cfg.ks()));
        c.put("steadySecondsPerK", cfg.steadySeconds());
        c.put("twoWay", cfg.twoWayRows() + " rows, " + cfg.twoWayRate() + "/s each side, " + cfg.twoWaySeconds() + " s");
        c.put("idleRows", cfg.idleSmallRows() + " and " + cfg.bigRows());
        c.put("idleWindowSeconds", cfg.idleSeconds());
        c.put("memoryRows", cfg.bigRows() + " at " + HEAP_FOR_MEMORY);
        c.put("periodSeconds", PERIOD_SECONDS);
        c.put("programJavaOpts", System.getenv().getOrDefault("BENCH_JAVA_OPTS", "") + " (memory phase: "
                + HEAP_FOR_MEMORY + ")");
    }

    private static long memInfoMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package io.crmsync.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cost of the programs over a window: CPU milliseconds of both JVMs (/proc/&lt;pid&gt;/stat), SQL statements
 * each database received (log_statement = 'all' on the two bench databases, counted in the server log;
 * the programs' pooled sessions are terminated so that they reconnect with the setting), and rows
 * PostgreSQL read for them (pg_stat_database tup_returned + tup_fetched).
 */
final class IdleProbe {

    /** Totals over a window; statements -1 when the server log could not be read. */
    record Window(double seconds, Map<String, Double> cpuMs, Map<String, Long> statements,
            Map<String, Long> rowsRead, Map<String, Map<String, Long>> topStatements,
            Map<String, Map<String, Long>> tableReads) {
    }

    private static final Pattern LOGGED = Pattern.compile("@(\\w+) LOG:  (?:statement|execute [^:]*): (.*)");
    private final Path serverLog;
    private final long clockTicks;

    IdleProbe(Path serverLog) {
        this.serverLog = serverLog;
        this.clockTicks = clockTicks();
    }

    boolean canCountStatements() {
        return serverLog != null && Files.isReadable(serverLog);
    }

    /** Turns statement logging on or off for the databases and makes the programs' sessions pick it up. */
    void statementLogging(boolean on, String... dbs) throws SQLException, InterruptedException {
        if (!canCountStatements()) {
            return;
        }
        for (String db : dbs) {
            Pg.exec("postgres", "ALTER DATABASE " + db + (on ? " SET log_statement = 'all'" : " RESET log_statement"));
        }
        Pg.terminateSessions(dbs);
    }

    /** Counters at the start of a window (see {@link #since}). */
    record Mark(Map<String, Long> cpuTicks, Map<String, Long> rowsRead, Map<String, Map<String, Long>> tableReads,
            long logSize, long nanos) {
    }

    /** Measures one window of {@code seconds}; {@code programs}: label to program. */
    Window measure(Map<String, Program> programs, Map<String, String> dbByLabel, int seconds)
            throws Exception {
        Mark mark = mark(programs, dbByLabel);
        Thread.sleep(seconds * 1000L);
        return since(mark, programs, dbByLabel);
    }

    /** Starts a window of any length; {@link #since} ends it. */
    Mark mark(Map<String, Program> programs, Map<String, String> dbByLabel) throws Exception {
        Map<String, Long> cpu0 = new LinkedHashMap<>();
        programs.forEach((l, p) -> cpu0.put(l, cpuTicks(p.pid())));
        return new Mark(cpu0, rowsRead(dbByLabel), tableReads(dbByLabel),
                canCountStatements() ? Files.size(serverLog) : 0, System.nanoTime());
    }

    /** The costs since {@code mark}. */
    Window since(Mark mark, Map<String, Program> programs, Map<String, String> dbByLabel) throws Exception {
        double secs = (System.nanoTime() - mark.nanos()) / 1e9;
        long log0 = mark.logSize();
        long log1 = canCountStatements() ? Files.size(serverLog) : 0;
        Map<String, Long> read1 = rowsRead(dbByLabel);
        Map<String, Map<String, Long>> tables1 = tableReads(dbByLabel);
        Map<String, Map<String, Long>> tables = new LinkedHashMap<>();
        tables1.forEach((l, byTable) -> tables.put(l, byTable.entrySet().stream()
                .map(t -> Map.entry(t.getKey(), t.getValue() - mark.tableReads().get(l).getOrDefault(t.getKey(), 0L)))
                .filter(t -> t.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, LinkedHashMap::new))));
        Map<String, Double> cpu = new LinkedHashMap<>();
        programs.forEach((l, p) -> cpu.put(l, (cpuTicks(p.pid()) - mark.cpuTicks().get(l)) * 1000.0 / clockTicks));
        Map<String, Long> read = new LinkedHashMap<>();
        read1.forEach((l, v) -> read.put(l, v - mark.rowsRead().get(l)));
        Map<String, Long> statements = new LinkedHashMap<>();
        Map<String, Map<String, Long>> top = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : dbByLabel.entrySet()) {
            statements.put(e.getKey(), -1L);
        }
        if (canCountStatements()) {
            Map<String, Map<String, Long>> byDb = statementsIn(log0, log1);
            for (Map.Entry<String, String> e : dbByLabel.entrySet()) {
                Map<String, Long> counts = byDb.getOrDefault(e.getValue(), Map.of());
                statements.put(e.getKey(), counts.values().stream().mapToLong(Long::longValue).sum());
                top.put(e.getKey(), counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .limit(12).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x,
                                LinkedHashMap::new)));
            }
        }
        return new Window(secs, cpu, statements, read, top, tables);
    }

    /** Statement texts (first 110 characters, numbers in them masked) counted per database. */
    private Map<String, Map<String, Long>> statementsIn(long from, long to) throws IOException {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        try (RandomAccessFile f = new RandomAccessFile(serverLog.toFile(), "r")) {
            f.seek(from);
            byte[] buf = new byte[(int) Math.max(0, to - from)];
            f.readFully(buf);
            for (String line : new String(buf, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LOGGED.matcher(line);
                if (m.find()) {
                    String text = m.group(2).replaceAll("\\d+", "N");
                    text = text.length() > 110 ? text.substring(0, 110) + "…" : text;
                    out.computeIfAbsent(m.group(1), k -> new TreeMap<>()).merge(text, 1L, Long::sum);
                }
            }
        }
        return out;
    }

    private static Map<String, Long> rowsRead(Map<String, String> dbByLabel) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = Pg.connect("postgres")) {
            for (Map.Entry<String, String> e : dbByLabel.entrySet()) {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_stat_clear_snapshot()")) {
                    s.execute();
                }
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT tup_returned + tup_fetched FROM pg_stat_database WHERE datname = ?")) {
                    s.setString(1, e.getValue());
                    try (ResultSet r = s.executeQuery()) {
                        out.put(e.getKey(), r.next() ? r.getLong(1) : 0L);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Rows read per table of each database (pg_stat_user_tables: sequential scans' rows plus rows
     * fetched through indexes): which table an idle window's reads come from.
     */
    private static Map<String, Map<String, Long>> tableReads(Map<String, String> dbByLabel) throws SQLException {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : dbByLabel.entrySet()) {
            Map<String, Long> byTable = new TreeMap<>();
            try (Connection c = Pg.connect(e.getValue())) {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_stat_clear_snapshot()")) {
                    s.execute();
                }
                try (PreparedStatement s = c.prepareStatement("SELECT relname, coalesce(seq_tup_read, 0)"
                        + " + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables");
                        ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        byTable.put(r.getString(1), r.getLong(2));
                    }
                }
            }
            out.put(e.getKey(), byTable);
        }
        return out;
    }

    /** utime + stime of a process, in clock ticks. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** The server log: BENCH_PG_LOG, else pg_current_logfile(), else Debian's default for this version. */
    static Path findServerLog(String pgVersion) {
        String env = System.getenv("BENCH_PG_LOG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        try {
            String current = Pg.queryString("postgres", "SELECT pg_current_logfile()");
            if (current != null) {
                Path p = Path.of(current);
                if (!p.isAbsolute()) {
                    p = Path.of(Pg.queryString("postgres", "SHOW data_directory")).resolve(p);
                }
                return p;
            }
        } catch (SQLException e) {
            // fall through
        }
        String major = pgVersion.replaceAll("^PostgreSQL (\\d+).*", "$1");
        return Path.of("/var/log/postgresql/postgresql-" + major + "-main.log");
    }
}

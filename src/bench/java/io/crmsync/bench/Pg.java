package io.crmsync.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local PostgreSQL server as the benchmark uses it: its own databases (bench_*), the benchmark's CRM
 * table and plain JDBC helpers. Every helper opens and closes its own connection.
 */
final class Pg {

    static final String SERVER = envOr("BENCH_PG_SERVER", "jdbc:postgresql://127.0.0.1:5432/");
    static final String USER = envOr("BENCH_PG_USER", "postgres");
    static final String PASSWORD = envOr("BENCH_PG_PASSWORD", "");

    /** The synced columns of the benchmark table (with the primary key "id": 10 columns). */
    static final String COLUMNS = "code, name, phone, qty, amount, born, seen_at, note, stamp";

    private Pg() {
    }

    static String url(String db) {
        return SERVER + db;
    }

    static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(url(db), USER, PASSWORD);
    }

    static void recreate(String db) throws SQLException {
        drop(db);
        exec("postgres", "CREATE DATABASE " + db + " ENCODING 'UTF8' TEMPLATE template0");
    }

    static void drop(String db) throws SQLException {
        exec("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }

    static void exec(String db, String... sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static long queryLong(String db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static String queryString(String db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * The CRM table: id + 9 columns of text (Cyrillic included), numbers, dates, a timestamp, NULLs, and
     * {@code stamp}, which the latency probe sets. {@code stampIndex}: an index on stamp (the receiving side,
     * where the probe polls max(stamp)).
     */
    static void createTable(String db, String table, boolean stampIndex) throws SQLException {
        exec(db, "CREATE TABLE " + table + " (id bigserial PRIMARY KEY, code varchar(20) UNIQUE,"
                + " name varchar(200), phone varchar(40), qty integer, amount numeric(14,2), born date,"
                + " seen_at timestamp, note text, stamp bigint)");
        if (stampIndex) {
            exec(db, "CREATE INDEX " + table + "_stamp ON " + table + " (stamp)");
        }
    }

    /** Inserts rows 1..n (ids 1..n in a fresh table): some NULLs, Cyrillic names and notes. */
    static void fill(String db, String table, int n) throws SQLException {
        exec(db, "INSERT INTO " + table + " (" + COLUMNS + ") SELECT"
                + " 'C' || lpad(g::text, 9, '0'),"
                + " (ARRAY['ООО «Ромашка»', 'ИП Петров А. В.', 'Acme Trading Ltd', 'ЗАО «Вектор-Плюс»'])[1 + g % 4]"
                + "   || ' №' || g,"
                + " CASE WHEN g % 10 = 0 THEN NULL ELSE '+7 495 ' || lpad((g::bigint * 7919 % 10000000)::text, 7, '0') END,"
                + " g % 1000,"
                + " CASE WHEN g % 7 = 0 THEN NULL ELSE (g * 37 % 10000000) / 100.0 END,"
                + " CASE WHEN g % 5 = 0 THEN NULL ELSE date '1950-01-01' + g % 20000 END,"
                + " timestamp '2020-01-01 00:00:00' + g * interval '37 seconds',"
                + " CASE WHEN g % 3 = 0 THEN NULL ELSE 'Примечание ' || g || ': клиент доволен, звонить после 18:00' END,"
                + " 0"
                + " FROM generate_series(1, " + n + ") g");
        exec(db, "ANALYZE " + table);
    }

    static long count(String db, String table) throws SQLException {
        return queryLong(db, "SELECT count(*) FROM " + table);
    }

    /** "PostgreSQL 15.x" (server_version). */
    static String version() throws SQLException {
        return "PostgreSQL " + queryString("postgres", "SHOW server_version");
    }

    /** Terminates every session of the given databases but the caller's (the programs' pools reconnect). */
    static int terminateSessions(String... dbs) throws SQLException {
        try (Connection c = connect("postgres");
                PreparedStatement ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = ANY (?) AND pid <> pg_backend_pid()")) {
            ps.setArray(1, c.createArrayOf("text", dbs));
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}

package io.crmsync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CRM database of one program: created fresh and empty for each test class, handed to the program
 * through CRM_JDBC_URL / CRM_JDBC_USER / CRM_JDBC_PASSWORD, and read and written by the tests with plain
 * JDBC (every helper opens and closes its own connection, which matters for H2, see {@link #connect()}).
 */
final class CrmDatabase {

    enum Kind {
        POSTGRES, MARIADB, H2;

        /** How the database stores an unquoted identifier (what JDBC metadata and the admin API report). */
        String stored(String identifier) {
            return this == H2 ? identifier.toUpperCase(Locale.ROOT) : identifier.toLowerCase(Locale.ROOT);
        }
    }

    private static final String PG_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String MARIADB_SERVER = "jdbc:mariadb://127.0.0.1:3306/";

    private final Kind kind;
    private final String program;
    private final String testUrl;
    private final String programUrl;
    private final String user;
    private final String password;

    private CrmDatabase(Kind kind, String program, String testUrl, String programUrl, String user, String password) {
        this.kind = kind;
        this.program = program;
        this.testUrl = testUrl;
        this.programUrl = programUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Drops and re-creates the program's CRM database (PostgreSQL / MariaDB: {@code crmsync_it_<program>};
     * H2: the file database under ./data/&lt;program&gt;). Also removes ./data/&lt;program&gt; (the program's
     * Payara root directory) for every kind, so each class starts from a program that never ran.
     * Must be called while the program is not running.
     */
    static CrmDatabase createFresh(Kind kind, String program, Path projectDir) {
        Path dataDir = projectDir.resolve("data").resolve(program).toAbsolutePath();
        deleteRecursively(dataDir);
        String dbName = "crmsync_it_" + program.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        switch (kind) {
            case POSTGRES -> {
                adminExec(PG_SERVER + "postgres", "postgres", "",
                        "DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)",
                        "CREATE DATABASE " + dbName + " ENCODING 'UTF8' TEMPLATE template0");
                String url = PG_SERVER + dbName;
                return new CrmDatabase(kind, program, url, url, "postgres", "");
            }
            case MARIADB -> {
                adminExec(MARIADB_SERVER, "root", "",
                        "DROP DATABASE IF EXISTS " + dbName,
                        "CREATE DATABASE " + dbName + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                String url = MARIADB_SERVER + dbName;
                return new CrmDatabase(kind, program, url, url, "root", "");
            }
            case H2 -> {
                // The program opens ./data/<program>/crm itself when CRM_JDBC_URL is empty (the embedded
                // default, with DB_CLOSE_DELAY=-1); the test joins through AUTO_SERVER while it runs.
                String url = "jdbc:h2:file:" + dataDir.resolve("crm") + ";AUTO_SERVER=TRUE";
                return new CrmDatabase(kind, program, url, "", "crm", "crm");
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    Kind kind() {
        return kind;
    }

    String program() {
        return program;
    }

    /** Value for the program's CRM_JDBC_URL (empty for H2: the program's embedded default). */
    String programJdbcUrl() {
        return programUrl;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** The database's name on its server (PostgreSQL and MariaDB). */
    String databaseName() {
        return testUrl.substring(testUrl.lastIndexOf('/') + 1);
    }

    /** Identifier as the database stores it (H2 upper-cases unquoted names). */
    String stored(String identifier) {
        return kind.stored(identifier);
    }

    /**
     * A new connection for the test. H2: while the program runs this is a TCP client of the program's
     * JVM (AUTO_SERVER); while it is down, the test JVM opens the file itself and the database closes
     * again with the last connection, so close every connection before restarting the program.
     */
    Connection connect() {
        try {
            return DriverManager.getConnection(testUrl, user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + testUrl + ": " + e.getMessage(), e);
        }
    }

    /** Executes one statement in auto-commit; returns the update count. */
    int exec(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** Runs several statements in one transaction. */
    void execAll(List<String> statements) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String sql : statements) {
                    st.execute(sql);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed(String.join(";\n", statements), e);
        }
    }

    /** Executes the statement once per argument row, in one transaction. */
    void execBatch(String sql, List<Object[]> rows) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** First column of the first row, or null when there is no row. */
    Object queryScalar(String sql, Object... args) {
        List<Map<String, Object>> rows = queryRows(sql, args);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    long queryLong(String sql, Object... args) {
        Object v = queryScalar(sql, args);
        if (!(v instanceof Number n)) {
            throw new IllegalStateException("expected a number from " + sql + " but got " + v);
        }
        return n.longValue();
    }

    /** All rows; keys are lower-case column labels, values as the driver returns them. */
    List<Map<String, Object>> queryRows(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** Reads with a caller-supplied row mapper (for typed reads, see {@link ClientsTable}). */
    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @Override
    public String toString() {
        return kind + " database of " + program + " (" + testUrl + ")";
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }

    private IllegalStateException failed(String sql, SQLException e) {
        return new IllegalStateException(kind + "/" + program + ": " + e.getMessage() + "\n  SQL: " + sql, e);
    }

    private static void adminExec(String url, String user, String password, String... statements) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database at " + url + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}

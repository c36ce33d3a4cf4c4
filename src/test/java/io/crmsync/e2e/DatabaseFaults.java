package io.crmsync.e2e;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Faults of a program's PostgreSQL CRM database, made without touching the shared server: a "restart" (every
 * backend of the database terminated, as a fast shutdown does, and new connections refused for a while), and
 * the session settings a DBA may give a database (e.g. a default isolation level), taken up by new sessions.
 */
final class DatabaseFaults {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private DatabaseFaults() {
    }

    /**
     * Refuses new connections to the database, terminates every backend connected to it (SQLSTATE 57P01 in
     * those sessions), waits {@code refused}, then lets connections in again.
     */
    static void restart(CrmDatabase db, Duration refused) {
        String name = db.databaseName();
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            try {
                terminateBackends(c, name);
                Thread.sleep(refused.toMillis()); // the database is "down" this long: a fixed, bounded pause
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot restart database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Sets a session default for every new session of the database and ends the current sessions. */
    static void setDefault(CrmDatabase db, String parameter, String value) {
        alter(db, "ALTER DATABASE " + db.databaseName() + (value == null ? " RESET " + parameter
                : " SET " + parameter + " = '" + value + "'"));
    }

    private static void alter(CrmDatabase db, String sql) {
        String name = db.databaseName();
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", ""); Statement st = c.createStatement()) {
            st.execute(sql);
            terminateBackends(c, name);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void terminateBackends(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        }
    }

    /** Waits until some session of the database waits for a lock held by the session {@code pid}. */
    static void awaitBlockedBy(CrmDatabase db, int pid, Duration atMost) {
        await("a session of " + db.databaseName() + " blocked by the test's session " + pid).atMost(atMost)
                .pollInterval(Duration.ofMillis(50)).until(() -> blockedBy(db, pid) > 0);
    }

    private static long blockedBy(CrmDatabase db, int pid) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The backend pid of a session. */
    static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

package io.crmsync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two-way under contention: both sides update the same rows (matched by {@code code}; local ids differ)
 * at a fixed rate for a while, then stop; measures the time until both databases hold the same values.
 */
final class TwoWayProbe {

    /** updatesA/B: updates made; convergedSeconds NaN if not equal within the timeout; differing rows at the end. */
    record Result(long updatesA, long updatesB, double convergedSeconds, boolean equal, int differingRows,
            int rows) {
    }

    private TwoWayProbe() {
    }

    static Result run(String dbA, String dbB, String table, int perSecond, int seconds, int timeoutSeconds)
            throws Exception {
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> write(dbA, table, "A", perSecond, seconds));
        CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> write(dbB, table, "B", perSecond, seconds));
        long updatesA = a.join();
        long updatesB = b.join();
        long stop = System.nanoTime();
        long deadline = stop + timeoutSeconds * 1_000_000_000L;
        int differing;
        double converged = Double.NaN;
        while (true) {
            differing = differing(dbA, dbB, table);
            if (differing == 0) {
                converged = (System.nanoTime() - stop) / 1e9;
                break;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
        boolean equal = false;
        if (differing == 0) {
            Thread.sleep(3000); // still equal a few cycles later: nothing was in flight
            differing = differing(dbA, dbB, table);
            equal = differing == 0;
        }
        return new Result(updatesA, updatesB, converged, equal, differing, rows(dbA, table).size());
    }

    /** Rows whose synced values differ between the two sides (or that exist on one side only). */
    static int differing(String dbA, String dbB, String table) throws SQLException {
        Map<String, String> a = rows(dbA, table);
        Map<String, String> b = rows(dbB, table);
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        int n = 0;
        for (String k : keys) {
            if (!a.containsKey(k) || !a.get(k).equals(b.get(k))) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, String> rows(String db, String table) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = Pg.connect(db); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT code, ROW(" + Pg.COLUMNS + ")::text FROM " + table)) {
            while (r.next()) {
                out.put(r.getString(1), r.getString(2));
            }
        }
        return out;
    }

    private static long write(String db, String table, String side, int perSecond, int seconds) {
        try (Connection c = Pg.connect(db);
                PreparedStatement up = c.prepareStatement(
                        "UPDATE " + table + " SET name = ?, qty = ?, note = ? WHERE id = ?")) {
            List<Long> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM " + table)) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                }
            }
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long done = 0;
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
                for (; done < due; done++) {
                    up.setString(1, "Правка " + side + "-" + done);
                    up.setInt(2, rnd.nextInt(100_000));
                    up.setString(3, rnd.nextInt(10) == 0 ? null : side + " note " + done);
                    up.setLong(4, ids.get(rnd.nextInt(ids.size())));
                    up.executeUpdate(); // autocommit: one transaction per update, as users make them
                }
                Thread.sleep(5);
            }
            return done;
        } catch (SQLException e) {
            throw new IllegalStateException(side + " writer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

package io.crmsync.bench;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The physical limit of moving the benchmark table from A's database to B's on this machine, without
 * crm-sync: a plain JDBC copy (streaming SELECT, batched INSERT) and PostgreSQL COPY through pgjdbc's
 * CopyManager. Each copies into a fresh table in B's database that is dropped afterwards.
 */
final class CopyLimit {

    private static final int BATCH = 1000;

    private CopyLimit() {
    }

    /** Rows per second of a streaming SELECT + batched INSERT (one transaction, default driver settings). */
    static double jdbc(String dbA, String dbB, String table) throws SQLException {
        String target = table + "_copy_jdbc";
        Pg.createTable(dbB, target, false);
        try (Connection src = Pg.connect(dbA); Connection dst = Pg.connect(dbB)) {
            long start = System.nanoTime();
            src.setAutoCommit(false);
            dst.setAutoCommit(false);
            long rows = 0;
            try (Statement s = src.createStatement()) {
                s.setFetchSize(BATCH);
                try (ResultSet r = s.executeQuery("SELECT " + Pg.COLUMNS + " FROM " + table + " ORDER BY id");
                        PreparedStatement ins = dst.prepareStatement("INSERT INTO " + target + " (" + Pg.COLUMNS
                                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    int cols = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= cols; i++) {
                            ins.setObject(i, r.getObject(i));
                        }
                        ins.addBatch();
                        if (++rows % BATCH == 0) {
                            ins.executeBatch();
                        }
                    }
                    ins.executeBatch();
                }
            }
            dst.commit();
            src.commit();
            return rows / seconds(start);
        } finally {
            Pg.exec(dbB, "DROP TABLE IF EXISTS " + target);
        }
    }

    /** Rows per second of COPY ... TO STDOUT in A piped into COPY ... FROM STDIN in B. */
    static double copy(String dbA, String dbB, String table) throws Exception {
        String target = table + "_copy_copy";
        Pg.createTable(dbB, target, false);
        try (Connection src = Pg.connect(dbA); Connection dst = Pg.connect(dbB)) {
            CopyManager out = src.unwrap(PGConnection.class).getCopyAPI();
            CopyManager in = dst.unwrap(PGConnection.class).getCopyAPI();
            PipedInputStream pipeIn = new PipedInputStream(1 << 20);
            PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
            long start = System.nanoTime();
            CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
                try (pipeOut) {
                    return out.copyOut("COPY (SELECT " + Pg.COLUMNS + " FROM " + table + " ORDER BY id) TO STDOUT",
                            pipeOut);
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long rows = in.copyIn("COPY " + target + " (" + Pg.COLUMNS + ") FROM STDIN", pipeIn);
            reader.join();
            return rows / seconds(start);
        } finally {
            Pg.exec(dbB, "DROP TABLE IF EXISTS " + target);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

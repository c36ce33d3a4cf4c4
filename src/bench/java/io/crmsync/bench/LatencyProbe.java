package io.crmsync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * Steady-state latency at K updates per second. A writer in A's database updates K random rows per second
 * (small transactions every 10 ms), setting {@code stamp} to a unique, increasing number and noting each
 * transaction's commit time. A reader polls {@code max(stamp)} in B every 20 ms: B applies A's changes in
 * A's commit order, so once max(stamp) reaches s, every stamp up to s is visible (or was overwritten in B
 * by a later stamp of the same row). Latency of a stamp = first poll that saw it minus its commit time.
 */
final class LatencyProbe {

    private static final long POLL_MS = 20;

    /** What one level measured. {@code series}: (seconds since start, latency ms) pairs for the chart. */
    record Level(int k, double achievedPerSecond, long updates, Histogram histogram, double medianSecondQuarterMs,
            double medianLastQuarterMs, boolean allArrived, double drainSeconds, boolean bounded, double[][] series) {
    }

    private final String dbA;
    private final String dbB;
    private final String table;
    private final int rows;
    private long nextStamp = 1;

    LatencyProbe(String dbA, String dbB, String table, int rows) {
        this.dbA = dbA;
        this.dbB = dbB;
        this.table = table;
        this.rows = rows;
    }

    Level run(int k, int windowSeconds, int drainTimeoutSeconds) throws Exception {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) k * windowSeconds * 2 + 1000);
        long base = nextStamp;
        long[] commitNanos = new long[capacity];
        long[] latencyMicros = new long[capacity];
        Arrays.fill(latencyMicros, -1);
        Writer writer = new Writer(k, windowSeconds, base, commitNanos);
        long start = System.nanoTime();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(writer);
        Histogram h = new Histogram(3_600_000_000L, 3);
        long seen = base - 1; // highest stamp accounted for
        long writerStopNanos = 0;
        long drainedNanos = 0;
        try (Connection b = Pg.connect(dbB);
                PreparedStatement max = b.prepareStatement("SELECT max(stamp) FROM " + table)) {
            while (true) {
                long visible;
                try (ResultSet r = max.executeQuery()) {
                    r.next();
                    visible = r.getLong(1);
                }
                long now = System.nanoTime();
                long upTo = Math.min(visible, writer.committed);
                for (long s = seen + 1; s <= upTo; s++) {
                    long micros = Math.max(0, (now - commitNanos[(int) (s - base)]) / 1000);
                    latencyMicros[(int) (s - base)] = micros;
                    h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
                }
                seen = Math.max(seen, upTo);
                if (writing.isDone()) {
                    if (writerStopNanos == 0) {
                        writing.join(); // rethrows a writer failure
                        writerStopNanos = writer.stoppedNanos;
                    }
                    if (seen >= writer.committed) {
                        drainedNanos = now;
                        break;
                    }
                    if (now - writerStopNanos > drainTimeoutSeconds * 1_000_000_000L) {
                        break;
                    }
                }
                Thread.sleep(POLL_MS);
            }
        }
        int n = (int) (writer.committed - base + 1);
        nextStamp = writer.committed + 1;
        boolean allArrived = drainedNanos != 0;
        double q2 = medianMs(latencyMicros, n / 4, n / 2);
        double q4 = medianMs(latencyMicros, 3 * n / 4, n);
        // Bounded: every update arrived once writing stopped, and latency did not keep growing during
        // the window (median of the last quarter of updates within 1 s of the second quarter's).
        boolean bounded = allArrived && !Double.isNaN(q4) && q4 - q2 < 1000;
        double achieved = n / ((writer.stoppedNanos - start) / 1e9);
        return new Level(k, achieved, n, h, q2, q4, allArrived,
                allArrived ? (drainedNanos - writerStopNanos) / 1e9 : Double.NaN, bounded,
                series(commitNanos, latencyMicros, n, start));
    }

    private static double medianMs(long[] latencyMicros, int from, int to) {
        long[] part = Arrays.stream(latencyMicros, from, Math.max(from, to)).filter(v -> v >= 0).sorted().toArray();
        return part.length == 0 ? Double.NaN : part[part.length / 2] / 1000.0;
    }

    /** At most 3,000 points, evenly spaced over the updates, that arrived. */
    private static double[][] series(long[] commitNanos, long[] latencyMicros, int n, long start) {
        int step = Math.max(1, n / 3000);
        int size = 0;
        double[][] out = new double[2][(n + step - 1) / step];
        for (int i = 0; i < n; i += step) {
            if (latencyMicros[i] >= 0) {
                out[0][size] = (commitNanos[i] - start) / 1e9;
                out[1][size] = latencyMicros[i] / 1000.0;
                size++;
            }
        }
        return new double[][] {Arrays.copyOf(out[0], size), Arrays.copyOf(out[1], size)};
    }

    /** Updates K random rows a second in A for the window, in one transaction every 10 ms. */
    private final class Writer implements Runnable {
        private final int k;
        private final int windowSeconds;
        private final long base;
        private final long[] commitNanos;
        volatile long committed;
        volatile long stoppedNanos;

        Writer(int k, int windowSeconds, long base, long[] commitNanos) {
            this.k = k;
            this.windowSeconds = windowSeconds;
            this.base = base;
            this.commitNanos = commitNanos;
            this.committed = base - 1;
        }

        @Override
        public void run() {
            try (Connection a = Pg.connect(dbA);
                    PreparedStatement up = a.prepareStatement(
                            "UPDATE " + table + " SET stamp = ?, qty = qty + 1 WHERE id = ?")) {
                a.setAutoCommit(false);
                long start = System.nanoTime();
                long end = start + windowSeconds * 1_000_000_000L;
                long done = 0;
                long stamp = base;
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        break;
                    }
                    long due = (long) ((now - start) / 1e9 * k);
                    long first = stamp;
                    for (; done < due && stamp - base < commitNanos.length; done++, stamp++) {
                        up.setLong(1, stamp);
                        up.setLong(2, 1 + rnd.nextInt(rows));
                        up.addBatch();
                    }
                    if (stamp > first) {
                        up.executeBatch();
                        a.commit();
                        long t = System.nanoTime();
                        for (long s = first; s < stamp; s++) {
                            commitNanos[(int) (s - base)] = t;
                        }
                        committed = stamp - 1;
                    }
                    Thread.sleep(10);
                }
                stoppedNanos = System.nanoTime();
            } catch (SQLException e) {
                throw new IllegalStateException("writer: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stoppedNanos = System.nanoTime();
            }
        }
    }
}

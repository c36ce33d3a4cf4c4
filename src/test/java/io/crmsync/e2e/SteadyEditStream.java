package io.crmsync.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A steady stream of edits into one side's CRM table, as a busy CRM would make them: every tick inserts a
 * row with a unique name ({@code <prefix>-00001}, ...) and updates the row inserted before it. A name counts
 * as "confirmed" only when its INSERT returned normally; an INSERT that failed (e.g. H2's server was killed
 * mid-statement) may or may not have committed and is recorded as uncertain.
 */
final class SteadyEditStream implements AutoCloseable {

    private final String prefix;
    private final CrmDatabase db;
    private final String table;
    private final BooleanSupplier writable;
    private final AtomicInteger seq = new AtomicInteger();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Set<String> uncertain = ConcurrentHashMap.newKeySet();
    private final AtomicReference<RuntimeException> lastError = new AtomicReference<>();
    private ScheduledExecutorService executor;

    /** {@code writable} is asked before every tick; while false the stream pauses. */
    SteadyEditStream(String prefix, CrmDatabase db, String table, BooleanSupplier writable) {
        this.prefix = prefix;
        this.db = db;
        this.table = table;
        this.writable = writable;
    }

    void start(Duration every) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edits-" + prefix);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops and waits for a running tick to finish. */
    void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("edit stream " + prefix + " did not stop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    int confirmedCount() {
        return confirmed.size();
    }

    Set<String> confirmed() {
        return Set.copyOf(confirmed);
    }

    Set<String> uncertain() {
        return Set.copyOf(uncertain);
    }

    RuntimeException lastError() {
        return lastError.get();
    }

    private void tick() {
        if (!writable.getAsBoolean()) {
            return;
        }
        int n = seq.incrementAndGet();
        String name = String.format("%s-%05d", prefix, n);
        try {
            db.exec("INSERT INTO " + table + " (name, phone, qty, note) VALUES (?, ?, ?, ?)",
                    name, "+7 900 " + n, n, prefix + " inserted " + n);
            confirmed.add(name);
        } catch (RuntimeException e) {
            uncertain.add(name);
            lastError.set(e);
            return;
        }
        if (n > 1) {
            try {
                db.exec("UPDATE " + table + " SET qty = qty + 1000, note = ? WHERE name = ?",
                        prefix + " updated after " + n, String.format("%s-%05d", prefix, n - 1));
            } catch (RuntimeException e) {
                lastError.set(e); // an update lost to a crash is fine: equality is checked afterwards
            }
        }
    }

    static int totalConfirmed(List<SteadyEditStream> streams) {
        return streams.stream().mapToInt(SteadyEditStream::confirmedCount).sum();
    }
}

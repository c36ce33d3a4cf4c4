package io.crmsync.cycle;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which syncs have a running cycle loop in this JVM (at most one each), the batch executions
 * running them, and the shutdown flag that ends every loop promptly.
 */
@ApplicationScoped
public class CycleRegistry {
  private final Map<Long, Long> executions = new ConcurrentHashMap<>();
  private final Set<Long> claimed = ConcurrentHashMap.newKeySet();
  private final Object signal = new Object();
  private final String owner =
      ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
  private volatile boolean shuttingDown;

  /** This JVM's name in lease rows. */
  public String owner() {
    return owner;
  }

  /** Claims the loop of a sync; false if this JVM runs it already. */
  public boolean claim(long syncId) {
    return !shuttingDown && claimed.add(syncId);
  }

  public void started(long syncId, long executionId) {
    executions.put(syncId, executionId);
  }

  public void release(long syncId) {
    executions.remove(syncId);
    claimed.remove(syncId);
  }

  public Map<Long, Long> executions() {
    return Map.copyOf(executions);
  }

  public boolean isShuttingDown() {
    return shuttingDown;
  }

  public void shutdown() {
    shuttingDown = true;
    wake();
  }

  /**
   * Waits up to {@code millis} for every loop to end (after {@link #shutdown}); returns whether
   * they all did. A loop that outlives the application's contexts fails on its next bean call.
   */
  public boolean awaitLoopsEnded(long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    synchronized (signal) {
      while (!claimed.isEmpty()) {
        long left = until - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        signal.wait(Math.min(left, 100));
      }
    }
    return true;
  }

  /** Waits up to {@code millis}, or until {@link #wake} or shutdown. */
  public void await(long millis) throws InterruptedException {
    if (millis <= 0 || shuttingDown) {
      return;
    }
    synchronized (signal) {
      signal.wait(millis);
    }
  }

  /** Wakes every waiting loop, e.g. after the configuration changed. */
  public void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }
}

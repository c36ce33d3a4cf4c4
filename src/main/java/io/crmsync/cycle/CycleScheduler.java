package io.crmsync.cycle;

import io.crmsync.app.Program;
import io.crmsync.config.SyncDef;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts crm-sync with the application and ticks every second on the server's scheduler: each
 * sync that runs cycles here (active HTTP, LOCAL and FTP) without a running loop gets one ({@code crmsync-cycle} job), and every ten
 * minutes the {@code crmsync-log} job trims the change log, the journal and old nonces. At
 * shutdown every loop is told to stop.
 */
@Singleton
@Startup
// crm-sync manages its own JDBC transactions; a container transaction around @PostConstruct would
// enlist the start-up connection and then fail to commit it.
@TransactionManagement(TransactionManagementType.BEAN)
public class CycleScheduler {
  private static final Logger LOG = Logger.getLogger(CycleScheduler.class.getName());
  private static final long MAINTENANCE_MILLIS = 10 * 60_000;
  /** How long shutdown waits for the loops to end (a cycle in the middle of an exchange). */
  private static final long LOOPS_END_MILLIS = 10_000;

  @Resource ManagedScheduledExecutorService executor;
  @Inject Program program;
  @Inject CycleRegistry registry;

  private ScheduledFuture<?> ticks;
  private long lastMaintenance;

  @PostConstruct
  void start() {
    try {
      program.start();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "crm-sync could not start; it will retry every second", e);
    }
    ticks = executor.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  void tick() {
    try {
      for (SyncDef sync : program.config().syncs()) {
        if (sync.runsCycles() && registry.claim(sync.id())) {
          startLoop(sync);
        }
      }
      long now = System.currentTimeMillis();
      if (now - lastMaintenance > MAINTENANCE_MILLIS) {
        lastMaintenance = now;
        BatchRuntime.getJobOperator().start("crmsync-log", new Properties());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "crm-sync: scheduler tick failed", e);
    }
  }

  private void startLoop(SyncDef sync) {
    try {
      Properties props = new Properties();
      props.setProperty("syncId", Long.toString(sync.id()));
      long execution = BatchRuntime.getJobOperator().start("crmsync-cycle", props);
      registry.started(sync.id(), execution);
      LOG.info(() -> "crm-sync: cycle of sync '" + sync.name() + "' started (execution " + execution + ")");
    } catch (RuntimeException e) {
      registry.release(sync.id());
      throw e;
    }
  }

  @PreDestroy
  void stop() {
    if (ticks != null) {
      ticks.cancel(false);
    }
    registry.shutdown();
    JobOperator jobs = BatchRuntime.getJobOperator();
    registry
        .executions()
        .forEach(
            (sync, execution) -> {
              try {
                jobs.stop(execution);
              } catch (RuntimeException e) {
                LOG.log(Level.FINE, "crm-sync: execution " + execution + " already ended", e);
              }
            });
    // The loops call application-scoped beans until they end: on undeploy those contexts go
    // when this returns (WildFly logged WELD-001303 from a loop still running).
    try {
      if (!registry.awaitLoopsEnded(LOOPS_END_MILLIS)) {
        LOG.warning("crm-sync: a sync's cycle did not end within " + LOOPS_END_MILLIS + " ms of shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    program.stop();
  }
}

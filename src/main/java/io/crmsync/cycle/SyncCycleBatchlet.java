package io.crmsync.cycle;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The step of job {@code crmsync-cycle}: one long-running execution per active sync whose step
 * runs the sync's cycles one after another (cheaper than one execution per cycle, and the batch
 * repository does not grow with every cycle).
 */
@Named("syncCycleBatchlet")
@Dependent
public class SyncCycleBatchlet extends AbstractBatchlet {
  @Inject
  @BatchProperty(name = "syncId")
  String syncId;

  @Inject CycleRunner runner;

  private volatile boolean stopped;

  @Override
  public String process() throws Exception {
    runner.loop(Long.parseLong(syncId), () -> stopped);
    return stopped ? BatchStatus.STOPPED.name() : BatchStatus.COMPLETED.name();
  }

  @Override
  public void stop() {
    stopped = true;
  }
}

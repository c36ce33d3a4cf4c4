package io.crmsync.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import org.junit.jupiter.api.Test;

/** The names the README documents, as the Prometheus text format shows them. */
class SyncMetricsTest {
  private static final SyncDef SYNC =
      new SyncDef(1, "Head office", Mode.ACTIVE, Transport.HTTP, 1, "http://b/crmsync/api/peer/k/exchange", "k", "key", null, null, null, null);

  @Test
  void exchangesAndFailuresAreCountedPerSyncInThePrometheusFormat() {
    SyncMetrics metrics = new SyncMetrics();
    metrics.exchanged(SYNC, 500, 3, 250_000_000L);
    metrics.exchanged(SYNC, 0, 0, 4_000_000L);
    metrics.failed(SYNC);
    String text = metrics.counted();
    assertThat(text)
        .contains("crmsync_records_sent_total{sync=\"Head office\"} 500.0")
        .contains("crmsync_records_received_total{sync=\"Head office\"} 3.0")
        .contains("crmsync_errors_total{sync=\"Head office\"} 1.0")
        .contains("crmsync_exchange_seconds_count{sync=\"Head office\"} 2")
        .contains("crmsync_exchange_seconds_bucket{sync=\"Head office\",le=\"+Inf\"} 2");
  }
}

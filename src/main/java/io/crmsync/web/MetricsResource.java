package io.crmsync.web;

import io.crmsync.cycle.SyncMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.sql.SQLException;

/**
 * {@code GET /api/metrics}: the syncs' metrics in the Prometheus text format, for an operator's
 * monitoring (administrators only, like the admin API: scrape with HTTP Basic).
 */
@Path("metrics")
public class MetricsResource {
  @Inject SyncMetrics metrics;

  @GET
  @Produces("text/plain; version=0.0.4; charset=utf-8")
  public String scrape() throws SQLException {
    return metrics.scrape();
  }
}

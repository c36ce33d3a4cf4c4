package io.crmsync.web;

import io.crmsync.cycle.SyncMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;

/**
 * {@code GET /api/metrics}: the syncs' metrics in the Prometheus text format, for an operator's
 * monitoring (administrators only, like the admin API: scrape with HTTP Basic). The text format is
 * answered whatever the request accepts (scrapers and tools send all kinds of Accept headers).
 */
@Path("metrics")
public class MetricsResource {
  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  @Inject SyncMetrics metrics;

  @GET
  public Response scrape() throws SQLException {
    return Response.ok(metrics.scrape()).header("Content-Type", TEXT_FORMAT).build();
  }
}

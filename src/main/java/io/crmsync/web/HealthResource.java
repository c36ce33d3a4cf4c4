package io.crmsync.web;

import io.crmsync.admin.SyncAdmin;
import io.crmsync.admin.SyncView;
import io.crmsync.app.Program;
import io.crmsync.cycle.SyncMetrics;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * {@code GET /api/health} (no login, for load balancers and orchestrators): {@code UP} with the
 * program id once crm-sync is ready and its database answers (else 503, {@code DOWN}), and per sync
 * whether it is ready: {@code ready} is the settings page's green tick (the last exchange worked,
 * recently enough for its period), with {@code reason} when not, the {@code backlog} of changes the
 * peer has not acknowledged yet and {@code lastExchangeAgeSeconds} (-1: none yet). A sync that is
 * not ready leaves the status {@code UP}: this node serves, a peer is what is missing. The reason
 * is a fixed phrase, never the error itself (it may name hosts and folders).
 */
@PublicResource
@Path("health")
public class HealthResource {
  @Inject Program program;
  @Inject SyncAdmin syncs;
  @Inject SyncMetrics metrics;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response health() {
    try {
      String id = program.programId();
      Map<Long, Long> backlogs = metrics.backlogs();
      JsonArrayBuilder list = Json.createArrayBuilder();
      LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
      for (SyncView v : syncs.list()) {
        long age = v.lastSuccessAt() == null ? -1 : Math.max(0, Duration.between(v.lastSuccessAt(), now).toSeconds());
        JsonObjectBuilder o = Json.createObjectBuilder()
            .add("id", v.sync().id())
            .add("name", v.sync().name())
            .add("ready", v.connected())
            .add("backlog", backlogs.getOrDefault(v.sync().id(), 0L))
            .add("lastExchangeAgeSeconds", age);
        if (!v.connected()) {
          o.add("reason", v.lastError() != null ? "the last exchange failed"
              : age < 0 ? "no exchange yet" : "no exchange for " + age + " s");
        }
        list.add(o);
      }
      return Response.ok(Json.createObjectBuilder().add("status", "UP").add("programId", id).add("syncs", list)
          .build().toString()).build();
    } catch (SQLException | RuntimeException e) {
      return Response.status(503)
          .entity(Json.createObjectBuilder().add("status", "DOWN").add("error", String.valueOf(e.getMessage())).build().toString())
          .build();
    }
  }
}

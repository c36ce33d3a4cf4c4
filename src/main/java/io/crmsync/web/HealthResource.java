package io.crmsync.web;

import io.crmsync.app.Program;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/health}: UP with the program id once crm-sync is ready; no login needed. */
@PublicResource
@Path("health")
public class HealthResource {
  @Inject Program program;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response health() {
    try {
      String id = program.programId();
      return Response.ok(Json.createObjectBuilder().add("status", "UP").add("programId", id).build().toString())
          .build();
    } catch (RuntimeException e) {
      return Response.status(503)
          .entity(Json.createObjectBuilder().add("status", "DOWN").add("error", String.valueOf(e.getMessage())).build().toString())
          .build();
    }
  }
}

package io.crmsync.web;

import io.crmsync.admin.Connector;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/admin/connection-test} {@code {"remoteUrl","password"}}: whether the remote
 * program answers there, the password matches one of its passive syncs, and the clocks agree.
 * Saves nothing.
 */
@Path("admin/connection-test")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectionTestResource {
  @Inject Connector connector;

  @POST
  public String test(String body) {
    JsonObject o = JsonIn.parse(body);
    return json(connector.test(JsonIn.string(o, "remoteUrl"), JsonIn.string(o, "password"))).toString();
  }

  static JsonObject json(Connector.Report r) {
    JsonObjectBuilder b = Json.createObjectBuilder().add("reachable", r.reachable());
    if (r.passwordMatches() == null) {
      b.addNull("passwordMatches");
    } else {
      b.add("passwordMatches", r.passwordMatches());
    }
    if (r.clockSkewSeconds() == null) {
      b.addNull("clockSkewSeconds").addNull("clockOk");
    } else {
      b.add("clockSkewSeconds", r.clockSkewSeconds()).add("clockOk", r.clockOk());
    }
    JsonOut.nullable(b, "peerUrl", r.peerUrl());
    return b.add("message", r.message()).build();
  }
}

package io.crmsync.web;

import io.crmsync.admin.ApiException;
import io.crmsync.admin.FieldAdmin;
import io.crmsync.admin.FieldRequest;
import io.crmsync.admin.QuarantineAdmin;
import io.crmsync.admin.SyncAdmin;
import io.crmsync.admin.SyncRequest;
import io.crmsync.admin.TableAdmin;
import io.crmsync.config.FolderAccess;
import io.crmsync.config.FtpServer;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.core.ConflictPolicy;
import io.crmsync.core.Direction;
import io.crmsync.settings.Settings;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /api/admin/syncs}: syncs, their fields and their tables. */
@Path("admin/syncs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SyncResource {
  @Inject SyncAdmin syncs;
  @Inject FieldAdmin fields;
  @Inject TableAdmin tables;
  @Inject QuarantineAdmin quarantine;
  @Context UriInfo uri;

  @GET
  public String list() {
    JsonArrayBuilder a = Json.createArrayBuilder();
    syncs.list().forEach(v -> a.add(JsonOut.sync(v, baseUrl())));
    return a.build().toString();
  }

  @POST
  public Response create(String body) {
    SyncDef s = syncs.create(syncRequest(JsonIn.parse(body)));
    return Response.status(201).entity(JsonOut.sync(syncs.get(s.id()), baseUrl()).toString()).build();
  }

  @GET
  @Path("{id}")
  public String get(@PathParam("id") long id) {
    return JsonOut.sync(syncs.get(id), baseUrl()).toString();
  }

  @PUT
  @Path("{id}")
  public String update(@PathParam("id") long id, String body) {
    syncs.update(id, syncRequest(JsonIn.parse(body)));
    return JsonOut.sync(syncs.get(id), baseUrl()).toString();
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    syncs.delete(id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/fields")
  public String fields(@PathParam("id") long id) {
    return JsonOut.fields(fields.fields(id)).build().toString();
  }

  @POST
  @Path("{id}/fields")
  public Response addField(@PathParam("id") long id, String body) {
    JsonObject o = JsonIn.parse(body);
    FieldRequest r =
        new FieldRequest(
            JsonIn.string(o, "table"),
            JsonIn.string(o, "column"),
            JsonIn.enumValue(o, "direction", Direction.class),
            JsonIn.integer(o, "remoteNumber"));
    return Response.status(201).entity(JsonOut.field(fields.addField(id, r)).toString()).build();
  }

  @PUT
  @Path("{id}/fields/{number}")
  public String updateField(@PathParam("id") long id, @PathParam("number") int number, String body) {
    JsonObject o = JsonIn.parse(body);
    FieldRequest r =
        new FieldRequest(
            null, null, JsonIn.enumValue(o, "direction", Direction.class), JsonIn.integer(o, "remoteNumber"));
    return JsonOut.field(fields.updateField(id, number, r)).toString();
  }

  @DELETE
  @Path("{id}/fields/{number}")
  public Response deleteField(@PathParam("id") long id, @PathParam("number") int number) {
    fields.deleteField(id, number);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/quarantine")
  public String quarantined(@PathParam("id") long id) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    quarantine.list(id).forEach(e -> a.add(JsonOut.quarantined(e)));
    return a.build().toString();
  }

  @POST
  @Path("{id}/quarantine/retry")
  public String retryAll(@PathParam("id") long id) {
    return JsonOut.retry(quarantine.retry(id, null)).toString();
  }

  @POST
  @Path("{id}/quarantine/{qid}/retry")
  public String retryOne(@PathParam("id") long id, @PathParam("qid") long qid) {
    return JsonOut.retry(quarantine.retry(id, qid)).toString();
  }

  @DELETE
  @Path("{id}/quarantine/{qid}")
  public Response discard(@PathParam("id") long id, @PathParam("qid") long qid) {
    quarantine.discard(id, qid);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/tables")
  public String tables(@PathParam("id") long id) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    tables.tables(id).forEach(t -> a.add(JsonOut.table(t)));
    return a.build().toString();
  }

  @POST
  @Path("{id}/tables")
  public Response addTable(@PathParam("id") long id, String body) {
    JsonObject o = JsonIn.parse(body);
    TableAdmin.TableAdded added =
        tables.addTable(
            id,
            JsonIn.string(o, "table"),
            JsonIn.enumValue(o, "direction", Direction.class),
            JsonIn.string(o, "remoteTable"));
    JsonArrayBuilder skipped = Json.createArrayBuilder();
    added.skipped().forEach(skipped::add);
    JsonObject out =
        Json.createObjectBuilder()
            .add("table", added.table())
            .add("fields", JsonOut.fields(added.fields()))
            .add("skipped", skipped)
            .build();
    return Response.status(201).entity(out.toString()).build();
  }

  @PUT
  @Path("{id}/tables/{table}")
  public String tableSettings(@PathParam("id") long id, @PathParam("table") String table, String body) {
    JsonObject o = JsonIn.parse(body);
    return JsonOut.table(
            tables.tableSettings(
                id,
                table,
                JsonIn.string(o, "statusColumn"),
                JsonIn.string(o, "deletedValue"),
                JsonIn.string(o, "addedTimeColumn"),
                JsonIn.string(o, "remoteTable")))
        .toString();
  }

  private static SyncRequest syncRequest(JsonObject o) {
    return new SyncRequest(
        JsonIn.string(o, "name"),
        JsonIn.enumValue(o, "mode", Mode.class),
        JsonIn.enumValue(o, "transport", Transport.class),
        JsonIn.integer(o, "periodSeconds"),
        JsonIn.string(o, "password"),
        JsonIn.string(o, "remoteUrl"),
        folders(o),
        JsonIn.enumValue(o, "conflictPolicy", ConflictPolicy.class));
  }

  /** {@code "local": {uploadDir, downloadDir}} or {@code "ftp": {host, port, user, ...}}. */
  private static FolderAccess folders(JsonObject o) {
    JsonObject local = JsonIn.object(o, "local");
    JsonObject ftp = JsonIn.object(o, "ftp");
    if (local != null && ftp != null) {
      throw ApiException.badRequest("give either \"local\" or \"ftp\" folders, not both");
    }
    if (local != null) {
      return new FolderAccess(
          nonNull(JsonIn.string(local, "uploadDir")), nonNull(JsonIn.string(local, "downloadDir")), null);
    }
    if (ftp == null) {
      return null;
    }
    Integer port = JsonIn.integer(ftp, "port");
    if (port != null && (port < 1 || port > 65_535)) {
      throw ApiException.invalid("ftp.port", "ftp.port must be from 1 to 65535 (got " + port + ")");
    }
    Boolean tls = JsonIn.bool(ftp, "tls");
    return new FolderAccess(
        nonNull(JsonIn.string(ftp, "uploadDir")),
        nonNull(JsonIn.string(ftp, "downloadDir")),
        new FtpServer(
            nonNull(JsonIn.string(ftp, "host")),
            port == null ? FtpServer.DEFAULT_PORT : port,
            nonNull(JsonIn.string(ftp, "user")),
            JsonIn.string(ftp, "password"),
            Boolean.TRUE.equals(tls)));
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /** This program's base URL as peers reach it: configured, or the one the request used. */
  private String baseUrl() {
    return Settings.get(Settings.PUBLIC_URL)
        .orElseGet(
            () -> {
              String api = uri.getBaseUri().toString();
              return api.endsWith("api/") ? api.substring(0, api.length() - 4) : api;
            });
  }
}

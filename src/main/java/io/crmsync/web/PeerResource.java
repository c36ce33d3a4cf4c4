package io.crmsync.web;

import io.crmsync.app.Program;
import io.crmsync.app.Settings;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.core.Batch;
import io.crmsync.cycle.SyncEngine;
import io.crmsync.security.Nonces;
import io.crmsync.security.Signatures;
import io.crmsync.transport.BatchJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /api/peer/{key}/exchange}: the passive side of an HTTP sync. A request is accepted
 * only if it is signed with the sync's key (derived from the password), its time is within the
 * allowed clock skew and its nonce was never seen; anything else gets 401 and changes nothing.
 */
@Path("peer")
public class PeerResource {
  private static final Logger LOG = Logger.getLogger(PeerResource.class.getName());
  static final String MAX_BODY_KEY = "crmsync.peer.maxBodyBytes";

  @Inject Program program;
  @Inject SyncEngine engine;

  @POST
  @Path("{key}/exchange")
  @Produces(MediaType.APPLICATION_JSON)
  public Response exchange(
      @PathParam("key") String key,
      @HeaderParam(Signatures.TIME) String time,
      @HeaderParam(Signatures.NONCE) String nonce,
      @HeaderParam(Signatures.SIGNATURE) String signature,
      @HeaderParam("Content-Length") String contentLength,
      InputStream in)
      throws SQLException {
    Optional<SyncDef> found =
        program.config().syncByKey(key).filter(s -> s.mode() == Mode.PASSIVE && s.transport() == Transport.HTTP);
    if (found.isEmpty()) {
      return refuse(null, "no passive HTTP sync with this peer URL");
    }
    SyncDef sync = found.get();
    int max = Settings.getInt(MAX_BODY_KEY, 64 * 1024 * 1024);
    if (contentLength != null && contentLength.matches("\\d{1,18}") && Long.parseLong(contentLength) > max) {
      return ErrorMapper.json(413, "request body larger than " + max + " bytes");
    }
    byte[] body;
    try {
      body = readAtMost(in, max);
    } catch (IOException e) {
      return ErrorMapper.json(400, "could not read the request body: " + e.getMessage());
    }
    if (body == null) {
      return ErrorMapper.json(413, "request body larger than " + max + " bytes");
    }
    String problem = checkSignature(sync, key, time, nonce, signature, body);
    if (problem != null) {
      return refuse(sync, problem);
    }
    Batch request;
    try {
      request = BatchJson.read(body);
    } catch (IllegalArgumentException e) {
      return ErrorMapper.json(400, "invalid batch: " + e.getMessage());
    }
    if (request.from().equals(program.programId())) {
      return ErrorMapper.json(400, "a program cannot sync with itself");
    }
    Batch answer;
    try {
      answer = engine.answer(sync, request);
    } catch (SQLException | RuntimeException e) {
      engine.failure(sync, "applying a batch from the active program failed: " + e.getMessage());
      return ErrorMapper.json(500, "the batch could not be applied: " + e.getMessage());
    }
    byte[] out = BatchJson.write(answer);
    return Response.ok(out, MediaType.APPLICATION_JSON)
        .header(Signatures.SIGNATURE, Signatures.signResponse(sync.peerKey(), key, nonce, out))
        .build();
  }

  private String checkSignature(
      SyncDef sync, String key, String time, String nonce, String signature, byte[] body)
      throws SQLException {
    if (time == null || nonce == null || signature == null) {
      return "request is not signed";
    }
    long t;
    try {
      t = Long.parseLong(time);
    } catch (NumberFormatException e) {
      return "bad request time";
    }
    long skew = Settings.getInt(Settings.MAX_CLOCK_SKEW, 300) * 1000L;
    long now = System.currentTimeMillis();
    if (Math.abs(now - t) > skew) {
      return "request time is " + (now - t) / 1000 + " s away from this program's clock (max " + skew / 1000 + " s)";
    }
    if (!nonce.matches("[0-9a-f]{16,64}")) {
      return "bad nonce";
    }
    if (!Signatures.same(Signatures.signRequest(sync.peerKey(), key, t, nonce, body), signature)) {
      return "wrong sync password (signature mismatch)";
    }
    try (Connection c = program.connection()) {
      if (!Nonces.firstUse(c, nonce, now)) {
        return "replayed request";
      }
    }
    return null;
  }

  private Response refuse(SyncDef sync, String reason) {
    LOG.log(Level.WARNING, "crm-sync: refused a peer request{0}: {1}",
        new Object[] {sync == null ? "" : " for sync '" + sync.name() + "'", reason});
    if (sync != null) {
      engine.failure(sync, "refused a request from the active program: " + reason);
    }
    return ErrorMapper.json(401, "not authorized");
  }

  /** The body, or null if it is longer than {@code max} bytes (reading stops there). */
  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > max) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}

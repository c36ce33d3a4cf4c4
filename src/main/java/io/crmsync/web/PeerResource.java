package io.crmsync.web;

import io.crmsync.app.Program;
import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;
import io.crmsync.cycle.SyncEngine;
import io.crmsync.security.Nonces;
import io.crmsync.security.Signatures;
import io.crmsync.settings.Settings;
import io.crmsync.transport.BatchJson;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * {@code POST /api/peer/{key}/exchange}: the passive side of an HTTP sync. A request is accepted
 * only if it is signed with the sync's key (derived from the password), its time is within the
 * allowed clock skew and its nonce was never seen; anything else gets 401 and changes nothing.
 * An address or sync with too many failures gets 429 (see {@link PeerGuard}), a body over the
 * limit 413, a signed but invalid batch 400.
 */
@PublicResource
@Path("peer")
public class PeerResource {
  private static final Logger LOG = Logger.getLogger(PeerResource.class.getName());
  static final String MAX_BODY_KEY = "crmsync.peer.maxBodyBytes";

  @Inject Program program;
  @Inject SyncEngine engine;
  @Inject PeerGuard guard;
  @Context HttpServletRequest http;

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
    String address = http.getRemoteAddr();
    PeerGuard.Admission admitted = guard.admit(address, key);
    if (admitted.refusal() != null) {
      return admitted.refusal();
    }
    SyncDef sync = admitted.sync();
    // Cheap checks first: an unsigned or stale request is refused before its body is read.
    String problem = PeerGuard.checkHeaders(time, nonce, signature);
    if (problem != null) {
      return refuse(address, sync, problem);
    }
    int max = Settings.getInt(MAX_BODY_KEY, 64 * 1024 * 1024);
    if (Bodies.announcedLarger(contentLength, max)) {
      return tooLarge(max);
    }
    byte[] body;
    try {
      body = Bodies.readAtMost(in, max);
    } catch (IOException e) {
      return ErrorMapper.json(400, "could not read the request body: " + e.getMessage());
    }
    if (body == null) {
      return tooLarge(max);
    }
    problem = checkSignature(sync, key, Long.parseLong(time), nonce, signature, body);
    if (problem != null) {
      return refuse(address, sync, problem);
    }
    return apply(sync, key, nonce, body);
  }

  private Response apply(SyncDef sync, String key, String nonce, byte[] body) {
    Batch request;
    try {
      request = BatchJson.read(body);
    } catch (IllegalArgumentException e) {
      engine.failure(sync, "refused an invalid batch from the active program: " + e.getMessage());
      return ErrorMapper.json(400, "invalid batch: " + e.getMessage());
    }
    if (request.from().equals(program.programId())) {
      return ErrorMapper.json(400, "a program cannot sync with itself");
    }
    Batch answer;
    try {
      answer = engine.answer(sync, request);
    } catch (IllegalArgumentException e) {
      // A value this database cannot store (e.g. text for a number column): rolled back whole.
      engine.failure(sync, "refused a batch from the active program: " + e.getMessage());
      return ErrorMapper.json(400, "invalid batch: " + e.getMessage());
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
      SyncDef sync, String key, long time, String nonce, String signature, byte[] body)
      throws SQLException {
    if (!Signatures.same(Signatures.signRequest(sync.peerKey(), key, time, nonce, body), signature)) {
      return "wrong sync password (signature mismatch)";
    }
    try (Connection c = program.connection()) {
      if (!Nonces.firstUse(c, nonce, System.currentTimeMillis())) {
        return "replayed request";
      }
    }
    return null;
  }

  private Response refuse(String address, SyncDef sync, String reason) {
    return guard.refuse(address, sync, reason);
  }

  private static Response tooLarge(int max) {
    return ErrorMapper.json(413, "request body larger than " + max + " bytes");
  }
}

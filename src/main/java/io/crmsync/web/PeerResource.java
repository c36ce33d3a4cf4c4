package io.crmsync.web;

import io.crmsync.app.Program;
import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;
import io.crmsync.cycle.Exchange;
import io.crmsync.cycle.SyncEngine;
import io.crmsync.security.Seal;
import io.crmsync.security.Signatures;
import io.crmsync.settings.Settings;
import io.crmsync.transport.BatchJson;
import io.crmsync.transport.http.ExchangeSeal;
import io.crmsync.transport.http.HttpAnswerTransport;
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
  @Inject Exchange exchange;
  @Inject PeerGuard guard;
  @Context HttpServletRequest http;

  @POST
  @Path("{key}/exchange")
  @Produces({ExchangeSeal.MEDIA_TYPE, MediaType.APPLICATION_JSON})
  public Response exchange(
      @PathParam("key") String key,
      @HeaderParam(Signatures.TIME) String time,
      @HeaderParam(Signatures.NONCE) String nonce,
      @HeaderParam(Signatures.SIGNATURE) String signature,
      @HeaderParam("Content-Length") String contentLength,
      InputStream in)
      throws SQLException {
    String address = http.getRemoteAddr();
    PeerGuard.Signed signed = new PeerGuard.Signed(key, time, nonce, signature);
    // Cheap checks first: an unsigned or stale request is refused before its body is read.
    PeerGuard.Admission admitted = guard.admit(address, signed, "");
    if (admitted.refusal() != null) {
      return admitted.refusal();
    }
    SyncDef sync = admitted.sync();
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
    Response refused = guard.verify(address, sync, signed, body, "");
    if (refused != null) {
      return refused;
    }
    return apply(sync, key, nonce, body);
  }

  private Response apply(SyncDef sync, String key, String nonce, byte[] body) {
    Seal seal = Seal.of(sync.peerKey());
    Batch request;
    try {
      request = BatchJson.read(seal.open(body, ExchangeSeal.request(key)));
    } catch (Seal.OpenException e) {
      // Signed with the sync's key, so from the peer: an older version (clear batches) or damage.
      engine.failure(sync, "refused a batch from the active program: " + e.getMessage());
      return ErrorMapper.json(400, "batch refused: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      engine.failure(sync, "refused an invalid batch from the active program: " + e.getMessage());
      return ErrorMapper.json(400, "invalid batch: " + e.getMessage());
    }
    if (request.from().equals(program.programId())) {
      return ErrorMapper.json(400, "a program cannot sync with itself");
    }
    Batch answer;
    try (HttpAnswerTransport transport = new HttpAnswerTransport(request)) {
      exchange.run(sync, transport);
      answer = transport.answer();
    } catch (IllegalArgumentException e) {
      // A value this database cannot store (e.g. text for a number column): rolled back whole.
      engine.failure(sync, "refused a batch from the active program: " + e.getMessage());
      return ErrorMapper.json(400, "invalid batch: " + e.getMessage());
    } catch (IOException | SQLException | RuntimeException e) {
      engine.failure(sync, "applying a batch from the active program failed: " + e.getMessage());
      return ErrorMapper.json(500, "the batch could not be applied: " + e.getMessage());
    }
    byte[] out = seal.seal(BatchJson.write(answer), ExchangeSeal.answer(key, nonce));
    return Response.ok(out, ExchangeSeal.MEDIA_TYPE)
        .header(Signatures.SIGNATURE, Signatures.signResponse(sync.peerKey(), key, nonce, out))
        .build();
  }

  private static Response tooLarge(int max) {
    return ErrorMapper.json(413, "request body larger than " + max + " bytes");
  }
}

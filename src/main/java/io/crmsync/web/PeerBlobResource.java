package io.crmsync.web;

import io.crmsync.blob.BlobRef;
import io.crmsync.blob.BlobSpool;
import io.crmsync.blob.BoundedOutputStream;
import io.crmsync.security.Seal;
import io.crmsync.security.SealedStream;
import io.crmsync.security.Signatures;
import io.crmsync.transport.http.ExchangeSeal;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code PUT|GET /api/peer/{key}/blob/{sha256}/{length}}: the large values of an HTTP sync's
 * batches, streamed into and out of the passive side's spool. A request signs the value's
 * reference (time, nonce, key as for exchanges); the bytes are checked against the reference.
 */
@PublicResource
@Path("peer/{key}/blob")
public class PeerBlobResource {
  private static final Logger LOG = Logger.getLogger(PeerBlobResource.class.getName());

  private static final String WHAT = "large value request: ";

  @Inject PeerGuard guard;
  @Context HttpServletRequest http;

  /** The path and signature headers of a large-value request. */
  public static class BlobRequest {
    @PathParam("key") String key;
    @PathParam("sha") String sha;
    @PathParam("length") String length;
    @HeaderParam(Signatures.TIME) String time;
    @HeaderParam(Signatures.NONCE) String nonce;
    @HeaderParam(Signatures.SIGNATURE) String signature;
    BlobRef ref;
    /** The sealing of the value on the way, once the request was let in. */
    Seal seal;

    String context() {
      return ExchangeSeal.blob(key, ref);
    }
  }

  @PUT
  @Path("{sha}/{length}")
  public Response put(@BeanParam BlobRequest r, InputStream in) throws SQLException {
    Response refused = authorize(r);
    if (refused != null) {
      return refused;
    }
    try {
      if (!BlobSpool.has(r.ref)) {
        // At most one byte more than announced is kept: enough to tell that it was too long.
        BlobSpool.put(r.ref, out -> SealedStream.opening(r.seal, r.context(), in)
            .transferTo(new BoundedOutputStream(out, r.ref.length() + 1)));
      }
      return Response.noContent().build();
    } catch (BlobSpool.MismatchException | SealedStream.BrokenException e) {
      return ErrorMapper.json(400, e.getMessage());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "crm-sync: receiving a large value failed", e);
      return ErrorMapper.json(500, "the large value could not be stored: " + e.getMessage());
    }
  }

  @GET
  @Path("{sha}/{length}")
  public Response get(@BeanParam BlobRequest r) throws SQLException {
    Response refused = authorize(r);
    if (refused != null) {
      return refused;
    }
    if (!BlobSpool.has(r.ref)) {
      return ErrorMapper.json(404, "no such large value here");
    }
    java.nio.file.Path file = BlobSpool.path(r.ref);
    StreamingOutput body = out -> {
      try (InputStream sealed = SealedStream.sealing(r.seal, r.context(), Files.newInputStream(file))) {
        sealed.transferTo(out);
      }
    };
    return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM)
        .header("Content-Length", SealedStream.sealedLength(r.ref.length()))
        .build();
  }

  /** Null (and {@code r.ref} set) if the request names a value and is signed by the peer; else the refusal. */
  private Response authorize(BlobRequest r) throws SQLException {
    Optional<BlobRef> ref =
        r.length != null && r.length.matches("\\d{1,18}")
            ? BlobRef.parse(BlobRef.PREFIX + r.sha + ":" + r.length)
            : Optional.empty();
    if (ref.isEmpty()) {
      return ErrorMapper.json(400, "not a large value reference: " + r.sha + "/" + r.length);
    }
    r.ref = ref.get();
    String address = http.getRemoteAddr();
    PeerGuard.Signed signed = new PeerGuard.Signed(r.key, r.time, r.nonce, r.signature);
    PeerGuard.Admission admitted = guard.admit(address, signed, WHAT);
    if (admitted.refusal() != null) {
      return admitted.refusal();
    }
    // A large value's request signs its reference: the content is then checked against it.
    Response refused =
        guard.verify(address, admitted.sync(), signed, r.ref.text().getBytes(StandardCharsets.US_ASCII), WHAT);
    r.seal = Seal.of(admitted.sync().peerKey());
    return refused;
  }
}

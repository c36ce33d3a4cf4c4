package io.crmsync.web;

import io.crmsync.app.Program;
import io.crmsync.blob.BlobRef;
import io.crmsync.blob.BlobSpool;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.security.Nonces;
import io.crmsync.security.Signatures;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code PUT|GET /api/peer/{key}/blob/{sha256}/{length}}: the large values of an HTTP sync's
 * batches, streamed into and out of the passive side's spool. A request signs the value's
 * reference (time, nonce, key as for exchanges); the bytes are checked against the reference.
 */
@Path("peer/{key}/blob")
public class PeerBlobResource {
  private static final Logger LOG = Logger.getLogger(PeerBlobResource.class.getName());

  @Inject Program program;
  @Inject PeerGuard guard;
  @Context HttpServletRequest http;

  @PUT
  @Path("{sha}/{length}")
  public Response put(
      @PathParam("key") String key,
      @PathParam("sha") String sha,
      @PathParam("length") String length,
      @HeaderParam(Signatures.TIME) String time,
      @HeaderParam(Signatures.NONCE) String nonce,
      @HeaderParam(Signatures.SIGNATURE) String signature,
      InputStream in)
      throws SQLException {
    Optional<BlobRef> ref = ref(sha, length);
    if (ref.isEmpty()) {
      return ErrorMapper.json(400, "not a large value reference: " + sha + "/" + length);
    }
    Response refused = check(key, ref.get(), time, nonce, signature);
    if (refused != null) {
      return refused;
    }
    try {
      if (!BlobSpool.has(ref.get())) {
        // At most one byte more than announced is read: enough to tell that it was too long.
        BlobSpool.put(ref.get(), out -> in.transferTo(new Bounded(out, ref.get().length() + 1)));
      }
      return Response.noContent().build();
    } catch (BlobSpool.MismatchException e) {
      return ErrorMapper.json(400, e.getMessage());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "crm-sync: receiving a large value failed", e);
      return ErrorMapper.json(500, "the large value could not be stored: " + e.getMessage());
    }
  }

  @GET
  @Path("{sha}/{length}")
  public Response get(
      @PathParam("key") String key,
      @PathParam("sha") String sha,
      @PathParam("length") String length,
      @HeaderParam(Signatures.TIME) String time,
      @HeaderParam(Signatures.NONCE) String nonce,
      @HeaderParam(Signatures.SIGNATURE) String signature)
      throws SQLException {
    Optional<BlobRef> ref = ref(sha, length);
    if (ref.isEmpty()) {
      return ErrorMapper.json(400, "not a large value reference: " + sha + "/" + length);
    }
    Response refused = check(key, ref.get(), time, nonce, signature);
    if (refused != null) {
      return refused;
    }
    if (!BlobSpool.has(ref.get())) {
      return ErrorMapper.json(404, "no such large value here");
    }
    java.nio.file.Path file = BlobSpool.path(ref.get());
    StreamingOutput body = out -> Files.copy(file, out);
    return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM)
        .header("Content-Length", ref.get().length())
        .build();
  }

  private static Optional<BlobRef> ref(String sha, String length) {
    return length.matches("\\d{1,18}") ? BlobRef.parse(BlobRef.PREFIX + sha + ":" + length) : Optional.empty();
  }

  /** Null if the request is signed by the peer of a passive HTTP sync; else the refusal. */
  private Response check(String key, BlobRef ref, String time, String nonce, String signature)
      throws SQLException {
    String address = http.getRemoteAddr();
    Response locked = guard.lockedOut(address, key);
    if (locked != null) {
      return locked;
    }
    Optional<SyncDef> sync =
        program.config().syncByKey(key).filter(s -> s.mode() == Mode.PASSIVE && s.transport() == Transport.HTTP);
    if (sync.isEmpty()) {
      return guard.refuse(address, null, "no passive HTTP sync with this peer URL");
    }
    if (sync.get().peerKey() == null) {
      return ErrorMapper.json(401, "not authorized");
    }
    String problem = PeerGuard.checkHeaders(time, nonce, signature);
    if (problem == null && !Signatures.same(Signatures.signRequest(sync.get().peerKey(), key,
        Long.parseLong(time), nonce, ref.text().getBytes(StandardCharsets.US_ASCII)), signature)) {
      problem = "wrong sync password (signature mismatch)";
    }
    if (problem == null) {
      try (Connection c = program.connection()) {
        if (!Nonces.firstUse(c, nonce, System.currentTimeMillis())) {
          problem = "replayed request";
        }
      }
    }
    return problem == null ? null : guard.refuse(address, sync.get(), "large value request: " + problem);
  }

  /** Passes on at most {@code max} bytes, then fails. */
  private static final class Bounded extends java.io.FilterOutputStream {
    private long left;

    Bounded(java.io.OutputStream out, long max) {
      super(out);
      this.left = max;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > left) {
        throw new BlobSpool.MismatchException("the large value is longer than announced");
      }
      left -= len;
      out.write(b, off, len);
    }
  }
}

package io.crmsync.web;

import io.crmsync.app.Program;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.cycle.SyncEngine;
import io.crmsync.security.Signatures;
import io.crmsync.settings.Settings;
import io.crmsync.transport.http.HttpClientTransport;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /api/connect}: the passive side of connecting by address. {@code GET} tells this
 * program's id, time and clock limit (nothing about its syncs); {@code POST}, signed with a key
 * derived from a sync password (see {@code security/Discovery}), answers the sync key of the one
 * passive HTTP sync with that password, with a signature that proves this side holds it too. The
 * signature is compared with every passive sync's key, so the answer's time says nothing about which
 * failed; failures are limited by {@link DiscoveryGuard}.
 */
@PublicResource
@Path("connect")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectResource {
  private static final Logger LOG = Logger.getLogger(ConnectResource.class.getName());

  @Inject Program program;
  @Inject SyncEngine engine;
  @Inject DiscoveryGuard guard;
  @Context HttpServletRequest http;

  @GET
  public String hello() {
    return Json.createObjectBuilder()
        .add("programId", program.programId())
        .add("time", System.currentTimeMillis())
        .add("maxClockSkewSeconds", Settings.getInt(Settings.MAX_CLOCK_SKEW, 300))
        .build()
        .toString();
  }

  @POST
  public Response discover(
      @HeaderParam(Signatures.TIME) String time,
      @HeaderParam(Signatures.NONCE) String nonce,
      @HeaderParam(Signatures.SIGNATURE) String signature)
      throws SQLException {
    String address = http.getRemoteAddr();
    Response locked = guard.lockedOut(address);
    if (locked != null) {
      return locked;
    }
    if (time == null || nonce == null || signature == null || !time.matches("\\d{1,15}")
        || !nonce.matches("[0-9a-f]{16,64}")) {
      return guard.failed(address, "request is not signed");
    }
    long t = Long.parseLong(time);
    long skew = Settings.getInt(Settings.MAX_CLOCK_SKEW, 300) * 1000L;
    long now = System.currentTimeMillis();
    if (Math.abs(now - t) > skew) {
      // Not a guess at a password (nothing was compared): explained, not counted, as on the peer endpoint.
      return ErrorMapper.json(401, HttpClientTransport.CLOCK_SKEW + ": request time is " + (now - t) / 1000
          + " s away from this program's clock (max " + skew / 1000 + " s)");
    }
    List<SyncDef> matches = new ArrayList<>();
    for (SyncDef s : program.config().syncs()) {
      if (s.mode() == Mode.PASSIVE && s.transport() == Transport.HTTP && s.discoveryKey() != null
          && Signatures.same(Signatures.signDiscovery(s.discoveryKey(), program.programId(), t, nonce), signature)) {
        matches.add(s);
      }
    }
    if (matches.isEmpty()) {
      return guard.failed(address, "the password matches no passive HTTP sync");
    }
    if (matches.size() > 1) {
      LOG.log(Level.WARNING, "crm-sync: connecting by address from {0}: {1} passive syncs have the same password",
          new Object[] {address, matches.size()});
      return ErrorMapper.json(409, "several passive syncs of this program have this password: give each its own"
          + " password, or paste the peer URL of the one you mean");
    }
    if (!engine.firstUse(nonce)) {
      return guard.failed(address, "replayed request");
    }
    SyncDef found = matches.get(0);
    LOG.log(Level.INFO, "crm-sync: the program at {0} found passive sync ''{1}'' by its password",
        new Object[] {address, found.name()});
    return Response.ok(Json.createObjectBuilder()
            .add("syncKey", found.syncKey())
            .add("signature", Signatures.signDiscoveryAnswer(found.discoveryKey(), nonce, found.syncKey()))
            .build()
            .toString(), MediaType.APPLICATION_JSON)
        .build();
  }
}

package io.crmsync.transport.http;

import io.crmsync.blob.BlobRef;
import io.crmsync.blob.BlobSpool;
import io.crmsync.exchange.OutgoingBlobs;
import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;
import io.crmsync.exchange.SyncState;
import io.crmsync.security.Seal;
import io.crmsync.security.SealedStream;
import io.crmsync.security.Secrets;
import io.crmsync.security.Signatures;
import io.crmsync.transport.BatchJson;
import io.crmsync.transport.Transport;
import io.crmsync.transport.TransportException;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.JerseyClientBuilder;
import org.glassfish.jersey.client.RequestEntityProcessing;

/**
 * The active side of an HTTP sync: sends a batch as one signed POST to the passive side's peer
 * URL (Jersey client) and checks the signature of the answer, which it hands back to be applied;
 * large values go as signed, streamed PUTs and GETs of {@code …/peer/<key>/blob/<sha256>/<length>}.
 * The peer's batches arrive only as answers, and acknowledgements ride in the next batch.
 */
public final class HttpClientTransport implements Transport {
  /** Records per batch: one exchange carries both sides' batches. */
  public static final int MAX_RECORDS = 500;

  private final Client client;

  public HttpClientTransport() {
    // Jersey's own builder: on WildFly, ClientBuilder.newBuilder() would give RESTEasy's client.
    this.client =
        new JerseyClientBuilder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(120, TimeUnit.SECONDS)
            .build();
  }

  @Override
  public Inbound receive(SyncDef sync, Progress progress) {
    return Inbound.NOTHING; // the peer's batches come as answers
  }

  @Override
  public boolean mayBuild(SyncState state) {
    return true;
  }

  @Override
  public boolean sendsEmpty() {
    return true; // an empty batch asks the passive side for its changes
  }

  @Override
  public int maxRecords() {
    return MAX_RECORDS;
  }

  @Override
  public void acknowledge(SyncDef sync, long inSeq) {
    // The next batch carries it.
  }

  /** Sends the batch's large values, exchanges it, and fetches the answer's large values. */
  @Override
  public List<Batch> send(SyncDef sync, Batch batch) throws TransportException {
    for (BlobRef ref : OutgoingBlobs.of(batch)) {
      sendBlob(sync, ref);
    }
    Batch answer = exchange(sync, batch);
    for (BlobRef ref : OutgoingBlobs.of(answer)) {
      if (!BlobSpool.has(ref)) {
        fetchBlob(sync, ref);
      }
    }
    BlobSpool.discard(OutgoingBlobs.of(batch));
    return List.of(answer);
  }

  /** Again at once while the cycle's time budget ran out with more waiting; an answer comes with each exchange. */
  @Override
  public Pace pace() {
    return new Pace(false, 0, 0);
  }

  @Override
  public boolean serves(SyncDef sync) {
    return sync.transport() == io.crmsync.config.Transport.HTTP;
  }

  private Batch exchange(SyncDef sync, Batch outgoing) throws TransportException {
    String url = sync.remoteUrl();
    if (sync.peerKey() == null) {
      throw new TransportException(Secrets.KEY_LOST);
    }
    String syncKey = PeerUrls.syncKeyOf(url);
    Seal seal = Seal.of(sync.peerKey());
    byte[] body = seal.seal(BatchJson.write(outgoing), ExchangeSeal.request(syncKey));
    long time = System.currentTimeMillis();
    String nonce = Signatures.newNonce();
    String signature = Signatures.signRequest(sync.peerKey(), syncKey, time, nonce, body);
    byte[] answer;
    String answerSignature;
    int status;
    String retryAfter;
    try (Response r =
        client
            .target(url)
            .request(ExchangeSeal.MEDIA_TYPE, MediaType.APPLICATION_JSON)
            .header(Signatures.TIME, Long.toString(time))
            .header(Signatures.NONCE, nonce)
            .header(Signatures.SIGNATURE, signature)
            .post(Entity.entity(body, ExchangeSeal.MEDIA_TYPE))) {
      status = r.getStatus();
      answer = r.hasEntity() ? r.readEntity(byte[].class) : new byte[0];
      answerSignature = r.getHeaderString(Signatures.SIGNATURE);
      retryAfter = r.getHeaderString("Retry-After");
    } catch (ProcessingException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new TransportException("peer " + url + " unreachable: " + cause, e);
    }
    if (status == 401 && BatchJson.text(answer).contains(CLOCK_SKEW)) {
      throw new TransportException(
          "peer " + url + " refused the request (401): " + errorOf(answer)
              + "; set both servers' clocks right (NTP) or raise crmsync.peer.maxClockSkewSeconds on the peer");
    }
    if (status == 401) {
      throw new TransportException(
          "peer " + url + " refused the sync password (401): check that both sides use the same one");
    }
    if (status == 429) {
      throw new TransportException(
          "peer " + url + " refuses this program's requests for " + r429(retryAfter) + " (429): "
              + errorOf(answer));
    }
    if (status != 200) {
      throw new TransportException(
          "peer " + url + " answered " + status + ": " + abbreviate(BatchJson.text(answer)));
    }
    if (!Signatures.same(
        Signatures.signResponse(sync.peerKey(), syncKey, nonce, answer), answerSignature)) {
      throw new TransportException("the answer of " + url + " is not signed with the sync password");
    }
    if (!Seal.isCurrentFormat(answer)) {
      throw new TransportException("peer " + url + " answers in the old clear format: update the other program");
    }
    try {
      return BatchJson.read(seal.open(answer, ExchangeSeal.answer(syncKey, nonce)));
    } catch (Seal.OpenException e) {
      throw new TransportException("the answer of " + url + " does not open: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new TransportException("peer " + url + " sent an invalid batch: " + e.getMessage(), e);
    }
  }

  private void sendBlob(SyncDef sync, BlobRef ref) throws TransportException {
    String url = blobUrl(sync, ref);
    String context = ExchangeSeal.blob(PeerUrls.syncKeyOf(sync.remoteUrl()), ref);
    try (InputStream in = SealedStream.sealing(Seal.of(sync.peerKey()), context, BlobSpool.open(ref));
        Response r =
            signed(sync, ref, client.target(url).property(
                    ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.CHUNKED))
                .put(Entity.entity(in, MediaType.APPLICATION_OCTET_STREAM))) {
      if (r.getStatus() != 204 && r.getStatus() != 200) {
        throw new TransportException("peer " + url + " refused a large value: " + r.getStatus() + " "
            + abbreviate(r.hasEntity() ? r.readEntity(String.class) : ""));
      }
    } catch (IOException | ProcessingException e) {
      throw new TransportException("sending a large value to " + url + " failed: " + e.getMessage(), e);
    }
  }

  private void fetchBlob(SyncDef sync, BlobRef ref) throws TransportException {
    String url = blobUrl(sync, ref);
    try (Response r = signed(sync, ref, client.target(url)).get()) {
      if (r.getStatus() != 200) {
        throw new TransportException("peer " + url + " did not give a large value: " + r.getStatus());
      }
      String context = ExchangeSeal.blob(PeerUrls.syncKeyOf(sync.remoteUrl()), ref);
      try (InputStream in = SealedStream.opening(Seal.of(sync.peerKey()), context, r.readEntity(InputStream.class))) {
        BlobSpool.put(ref, in);
      }
    } catch (IOException | ProcessingException e) {
      throw new TransportException("fetching a large value from " + url + " failed: " + e.getMessage(), e);
    }
  }

  /** A large value's request signs its reference: the content is then checked against it. */
  private static Invocation.Builder signed(SyncDef sync, BlobRef ref, WebTarget target) {
    long time = System.currentTimeMillis();
    String nonce = Signatures.newNonce();
    byte[] what = ref.text().getBytes(StandardCharsets.US_ASCII);
    return target
        .request()
        .header(Signatures.TIME, Long.toString(time))
        .header(Signatures.NONCE, nonce)
        .header(Signatures.SIGNATURE,
            Signatures.signRequest(sync.peerKey(), PeerUrls.syncKeyOf(sync.remoteUrl()), time, nonce, what));
  }

  private static String blobUrl(SyncDef sync, BlobRef ref) {
    String url = sync.remoteUrl();
    return url.substring(0, url.lastIndexOf('/')) + "/blob/" + ref.sha256() + "/" + ref.length();
  }

  /** What the peer says when a request's time is outside its window (see PeerGuard). */
  public static final String CLOCK_SKEW = "clock skew";

  private static String errorOf(byte[] body) {
    try (JsonReader r = Json.createReader(new ByteArrayInputStream(body))) {
      return r.readObject().getString("error", "");
    } catch (RuntimeException e) {
      return abbreviate(BatchJson.text(body));
    }
  }

  private static String r429(String retryAfter) {
    return retryAfter == null ? "a while" : retryAfter + " s";
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  @Override
  public void close() {
    client.close();
  }
}

package io.crmsync.transport.http;

import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;
import io.crmsync.exchange.SyncState;
import io.crmsync.transport.Transport;
import java.util.List;

/**
 * The passive side of one HTTP exchange: the active side's request (checked and read by the peer
 * endpoint, its large values already in the spool) is what arrives, and the batch built after
 * applying it is kept as the answer for the endpoint to sign and return. Its large values stay in
 * the spool until the active side fetches them.
 */
public final class HttpAnswerTransport implements Transport {
  private final Batch request;
  private Batch answer;

  public HttpAnswerTransport(Batch request) {
    this.request = request;
  }

  /** The answer built for the request; null until the exchange ran. */
  public Batch answer() {
    return answer;
  }

  @Override
  public Inbound receive(SyncDef sync, Progress progress) {
    return new Inbound(null, List.of(request));
  }

  @Override
  public boolean mayBuild(SyncState state) {
    return true;
  }

  @Override
  public boolean sendsEmpty() {
    return true; // every request gets an answer
  }

  @Override
  public int maxRecords() {
    return HttpClientTransport.MAX_RECORDS;
  }

  @Override
  public void acknowledge(SyncDef sync, long inSeq) {
    // The answer carries it.
  }

  @Override
  public List<Batch> send(SyncDef sync, Batch batch) {
    answer = batch;
    return List.of();
  }

  @Override
  public Pace pace() {
    return Pace.PEER;
  }

  @Override
  public boolean serves(SyncDef sync) {
    return true;
  }

  @Override
  public void close() {}
}

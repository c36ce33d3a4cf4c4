package io.crmsync.cycle;

import io.crmsync.blob.BlobSpool;
import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;
import io.crmsync.exchange.Activity;
import io.crmsync.exchange.OutgoingBlobs;
import io.crmsync.exchange.SyncState;
import io.crmsync.transport.Transport;
import io.crmsync.transport.Transport.Inbound;
import io.crmsync.transport.Transport.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * The one exchange path, the same for every transport: receive (or read) what the peer sent,
 * apply it, build the next batch, send (or write) it, apply the peer's replies, acknowledge, and
 * let the transport record how it went. The active HTTP side, the passive HTTP side answering a
 * request and both sides of a folder sync all run {@link #run}; what differs lies behind {@link
 * Transport}.
 */
@ApplicationScoped
public class Exchange {
  /** How long one cycle may keep exchanging while either side has more to send. */
  static final long CYCLE_BUDGET_MILLIS = 20_000;

  @Inject SyncEngine engine;
  @Inject SyncMetrics metrics;

  /**
   * Exchanges with the peer until neither side has more waiting that the peer answered in the
   * same pass, within a time budget; returns whether anything moved and whether more waits.
   */
  public Outcome run(SyncDef sync, Transport transport) throws IOException, SQLException {
    long start = System.currentTimeMillis();
    boolean moved = false;
    boolean more;
    List<Batch> replies;
    do {
      long passStart = System.nanoTime();
      int received = 0;
      Activity.Arrivals arrivals = Activity.Arrivals.NONE;
      Known progress = new Known(sync);
      Inbound in = transport.receive(sync, progress.known());
      SyncEngine.Stepped last = null;
      List<Batch> batches = in.batches();
      for (int i = 0; i < batches.size(); i++) {
        // The last received batch is applied in the same step that builds the next one.
        Transport builder = i == batches.size() - 1 ? transport : null;
        last = engine.step(sync, i == 0 ? in.ack() : null, batches.get(i), builder);
        received += batches.get(i).records().size();
        arrivals = arrivals.plus(Activity.Arrivals.of(List.of(batches.get(i)), System.currentTimeMillis()));
        BlobSpool.discard(OutgoingBlobs.of(batches.get(i)));
        moved |= i == 0 && last.acknowledged();
      }
      if (batches.isEmpty() && (in.ack() != null || progress.mayBuild(transport))) {
        last = engine.step(sync, in.ack(), null, transport);
        moved |= last.acknowledged();
      }
      moved |= !batches.isEmpty();
      SyncState state = last != null ? last.state() : progress.known().get();
      Batch built = last == null ? null : last.built();
      replies = built == null ? List.of() : transport.send(sync, built);
      more = built != null && built.more();
      // A batch that asks for a reload carries no records but is written all the same.
      moved |= built != null && (!built.records().isEmpty() || built.reload());
      for (Batch reply : replies) {
        state = engine.step(sync, null, reply, null).state();
        received += reply.records().size();
        arrivals = arrivals.plus(Activity.Arrivals.of(List.of(reply), System.currentTimeMillis()));
        BlobSpool.discard(OutgoingBlobs.of(reply));
        more |= reply.more();
      }
      transport.acknowledge(sync, state.inSeq());
      transport.finish(sync, state, engine::status);
      int sent = built == null ? 0 : built.records().size();
      metrics.exchanged(sync, sent, received, System.nanoTime() - passStart);
      engine.activity(sync, arrivals, sent);
    } while (more && !replies.isEmpty() && System.currentTimeMillis() - start < CYCLE_BUDGET_MILLIS);
    return new Outcome(moved, more);
  }

  /** The sync's state as stored before a pass, read only if the transport asks for it. */
  private final class Known {
    private final SyncDef sync;
    private SyncState state;

    Known(SyncDef sync) {
      this.sync = sync;
    }

    Transport.Progress known() {
      return () -> {
        if (state == null) {
          state = engine.state(sync);
        }
        return state;
      };
    }

    /** Whether to run a build step: always unless the state read says the transport may not build. */
    boolean mayBuild(Transport transport) {
      return state == null || transport.mayBuild(state);
    }
  }
}

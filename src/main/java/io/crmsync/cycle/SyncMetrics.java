package io.crmsync.cycle;

import io.crmsync.app.Program;
import io.crmsync.config.SyncDef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The syncs' metrics in Micrometer's Prometheus registry: counted as exchanges run (records sent and
 * received, failures, the duration of each pass as a histogram) and read from the database when
 * scraped (the backlog after each sync's cursor, quarantined records, seconds since the last
 * successful exchange). Per server process: each cluster member reports its own exchanges.
 */
@ApplicationScoped
public class SyncMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Long, State> states = new ConcurrentHashMap<>();

  @Inject Program program;

  /** A sync's values read at the last scrape. */
  private record State(AtomicLong backlog, AtomicLong quarantined, AtomicLong sinceSuccess) {}

  /** One pass of an exchange: records sent and received, and how long it took. */
  void exchanged(SyncDef sync, int sent, int received, long nanos) {
    Counter.builder("crmsync.records.sent").description("records sent to the peer").tag("sync", sync.name())
        .register(registry).increment(sent);
    Counter.builder("crmsync.records.received").description("records received from the peer")
        .tag("sync", sync.name()).register(registry).increment(received);
    Timer.builder("crmsync.exchange").description("one pass of an exchange, from receiving to acknowledging")
        .tag("sync", sync.name()).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60)).register(registry).record(Duration.ofNanos(nanos));
  }

  /** A failure recorded in the sync's status. */
  void failed(SyncDef sync) {
    Counter.builder("crmsync.errors").description("failed exchanges and refused requests").tag("sync", sync.name())
        .register(registry).increment();
  }

  /** The metrics in the Prometheus text format, with the database's values read now. */
  public String scrape() throws SQLException {
    refresh();
    return counted();
  }

  /** The metrics as they stand, without reading the database. */
  String counted() {
    return registry.scrape();
  }

  private void refresh() throws SQLException {
    Map<Long, SyncDef> syncs =
        program.config().syncs().stream().collect(Collectors.toMap(SyncDef::id, s -> s));
    for (Meter m : registry.getMeters()) {
      String name = m.getId().getTag("sync");
      if (name != null && syncs.values().stream().noneMatch(s -> s.name().equals(name))) {
        registry.remove(m); // the sync was deleted or renamed
      }
    }
    states.keySet().retainAll(syncs.keySet());
    try (Connection c = program.connection()) {
      Map<Long, Long> quarantined = counts(c, "SELECT sync_id, COUNT(*) FROM crmsync_quarantine GROUP BY sync_id");
      try (PreparedStatement ps = c.prepareStatement(
              "SELECT sync_id, out_cursor, last_success_at FROM crmsync_sync_state");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          SyncDef sync = syncs.get(rs.getLong(1));
          if (sync != null) {
            State s = state(sync);
            s.backlog().set(backlog(c, sync.id(), rs.getLong(2)));
            s.quarantined().set(quarantined.getOrDefault(sync.id(), 0L));
            Timestamp last = rs.getTimestamp(3);
            s.sinceSuccess().set(last == null ? -1 : Duration.between(
                last.toLocalDateTime(), LocalDateTime.now(ZoneOffset.UTC)).toSeconds());
          }
        }
      }
    }
  }

  private State state(SyncDef sync) {
    return states.computeIfAbsent(sync.id(), id -> {
      State s = new State(new AtomicLong(), new AtomicLong(), new AtomicLong(-1));
      gauge("crmsync.backlog", "journal entries after the sync's cursor, not yet acknowledged by the peer",
          sync, s.backlog());
      gauge("crmsync.quarantined", "received records this database refused", sync, s.quarantined());
      gauge("crmsync.last.exchange.age.seconds", "seconds since the last successful exchange (-1: none yet)",
          sync, s.sinceSuccess());
      return s;
    });
  }

  private void gauge(String name, String description, SyncDef sync, AtomicLong value) {
    Gauge.builder(name, value, AtomicLong::get).description(description).tag("sync", sync.name()).register(registry);
  }

  /** Each sync's backlog (by sync id): journal entries not yet acknowledged by its peer, read now. */
  public Map<Long, Long> backlogs() throws SQLException {
    Map<Long, Long> out = new HashMap<>();
    try (Connection c = program.connection();
        PreparedStatement ps = c.prepareStatement("SELECT sync_id, out_cursor FROM crmsync_sync_state");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getLong(1), backlog(c, rs.getLong(1), rs.getLong(2)));
      }
    }
    return out;
  }

  /** Journal entries after the cursor that did not arrive through this same sync. */
  private static long backlog(Connection c, long syncId, long cursor) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM crmsync_journal WHERE seq > ? AND (via_sync IS NULL OR via_sync <> ?)")) {
      ps.setLong(1, cursor);
      ps.setLong(2, syncId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Map<Long, Long> counts(Connection c, String sql) throws SQLException {
    Map<Long, Long> counts = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getLong(1), rs.getLong(2));
      }
    }
    return counts;
  }
}

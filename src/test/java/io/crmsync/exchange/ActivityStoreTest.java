package io.crmsync.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.db.Dialect;
import io.crmsync.db.Migrations;
import io.crmsync.db.ScratchDb;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The activity per minute and the progress of a load, on each database. */
class ActivityStoreTest {
  private static final long NOW = 1_800_000_000_000L;

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void passesOfOneMinuteAddUpAndADayLaterTheOldMinutesAreGone(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = ScratchDb.create(kind); Connection c = db.connect()) {
      Migrations.migrate(c, Dialect.of(c));
      Activity.record(c, 7, NOW, new Activity.Arrivals(3, 3_000), 5);
      Activity.record(c, 7, NOW + 1_000, new Activity.Arrivals(1, 1_000), 0);
      Activity.record(c, 7, NOW + 1_000, Activity.Arrivals.NONE, 0); // an idle pass writes nothing
      Activity.record(c, 8, NOW, Activity.Arrivals.NONE, 2);
      assertThat(Activity.lastDay(c, 7, NOW + 2_000))
          .containsExactly(new Activity.Minute(NOW / 60_000, 4, 5, 4_000, 4));

      long dayLater = NOW + Activity.WINDOW_MINUTES * 60_000;
      Activity.record(c, 7, dayLater, new Activity.Arrivals(1, 0), 0);
      assertThat(Activity.lastDay(c, 7, dayLater)).extracting(Activity.Minute::minute).containsExactly(dayLater / 60_000);
      assertThat(Activity.lastDay(c, 8, NOW)).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void aLoadCountsOnlyTheAcknowledgedBatchesAndStartsAgainOnAReload(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = ScratchDb.create(kind); Connection c = db.connect()) {
      Migrations.migrate(c, Dialect.of(c));
      Loads.request(c, 7, "clients");
      assertThat(Loads.progress(c, 7)).containsExactly(new LoadProgress("clients", 0, null, null));
      Loads.built(c, 7, "clients", 1, 500, 1_200L);
      Loads.built(c, 7, "clients", 1, 500, null); // built again after a lost answer: replaces the count
      Loads.advance(c, 7, "clients", 1, "500", false);
      Loads.built(c, 7, "clients", 1, 500, null);
      Loads.advance(c, 7, "clients", 1, "1000", false);
      LoadProgress p = Loads.progress(c, 7).get(0);
      assertThat(p.done()).isEqualTo(1_000);
      assertThat(p.total()).isEqualTo(1_200);
      assertThat(p.startedAt()).isNotNull();

      Loads.request(c, 7, "clients");
      assertThat(Loads.progress(c, 7)).containsExactly(new LoadProgress("clients", 0, null, null));
      Loads.built(c, 7, "clients", 2, 200, 200L);
      Loads.advance(c, 7, "clients", 2, "200", true);
      assertThat(Loads.progress(c, 7)).isEmpty();
    }
  }
}

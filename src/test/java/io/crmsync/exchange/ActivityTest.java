package io.crmsync.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.core.Batch;
import io.crmsync.core.FieldValue;
import io.crmsync.core.GlobalIds;
import io.crmsync.core.Hlc;
import io.crmsync.core.RecordChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final String ORIGIN = GlobalIds.newId();

  private static Batch batch(RecordChange... records) {
    return new Batch(ORIGIN, 1, 0, List.of(), List.of(records), false, false, null, Map.of());
  }

  @Test
  void aRecordsDelayRunsFromItsNewestEditToItsArrival() {
    RecordChange change = new RecordChange(GlobalIds.newId(), "t", List.of(
        new FieldValue(1, "a", Hlc.ofMillis(NOW - 3_000), ORIGIN),
        new FieldValue(2, "b", Hlc.ofMillis(NOW - 1_000), ORIGIN)), null, null);
    Activity.Arrivals a = Activity.Arrivals.of(List.of(batch(change)), NOW);
    assertThat(a.records()).isEqualTo(1);
    assertThat(a.delayMillisSum()).isEqualTo(1_000);
  }

  @Test
  void anEditStampedAheadOfThisClockCountsAsNoDelayAndADeletionByItsOwnTime() {
    RecordChange ahead = new RecordChange(GlobalIds.newId(), "t",
        List.of(new FieldValue(1, "a", Hlc.ofMillis(NOW + 5_000), ORIGIN)), null, null);
    RecordChange deleted = RecordChange.deleted(GlobalIds.newId(), "t", Hlc.ofMillis(NOW - 2_000), ORIGIN);
    Activity.Arrivals a = Activity.Arrivals.of(List.of(batch(ahead), batch(deleted)), NOW);
    assertThat(a).isEqualTo(new Activity.Arrivals(2, 2_000));
    assertThat(a.plus(Activity.Arrivals.NONE)).isEqualTo(a);
  }

  @Test
  void aMinutesAverageDelayIsMinusOneWhenNothingArrived() {
    assertThat(new Activity.Minute(1, 0, 5, 0, 0).averageDelayMillis()).isEqualTo(-1);
    assertThat(new Activity.Minute(1, 4, 0, 4_000, 4).averageDelayMillis()).isEqualTo(1_000);
  }
}

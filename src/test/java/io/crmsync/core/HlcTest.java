package io.crmsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HlcTest {
  private static final String A = "00000000-0000-0000-0000-00000000000a";
  private static final String B = "00000000-0000-0000-0000-00000000000b";

  @Test
  void millisOfATimestampIsTheTimeItWasMadeOf() {
    long now = 1_732_000_000_123L;
    assertThat(Hlc.millis(Hlc.ofMillis(now))).isEqualTo(now);
    assertThat(Hlc.millis(Hlc.ofMillis(0))).isZero();
  }

  @Test
  void logicalTicksDoNotChangeTheWallClockPart() {
    long hlc = Hlc.ofMillis(5_000);
    assertThat(Hlc.millis(hlc + 1)).isEqualTo(5_000);
    assertThat(Hlc.ofMillis(5_001)).isGreaterThan(hlc + 1);
  }

  @Test
  void timeBeforeTheEpochIsRefused() {
    assertThatThrownBy(() -> Hlc.ofMillis(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void firstVersionIsTheEditTime() {
    assertThat(Hlc.next(10_000, 0)).isEqualTo(Hlc.ofMillis(10_000));
  }

  @Test
  void laterEditKeepsItsOwnTime() {
    long previous = Hlc.ofMillis(10_000);
    assertThat(Hlc.next(12_000, previous)).isEqualTo(Hlc.ofMillis(12_000));
  }

  @Test
  void laterEditWinsEvenWhenLocalClockIsBehind() {
    long received = Hlc.ofMillis(20_000) + 3;
    long edit = Hlc.next(15_000, received);
    assertThat(edit).isEqualTo(received + 1);
    assertThat(Stamp.of(edit, A)).isGreaterThan(Stamp.of(received, B));
  }

  @Test
  void editInTheSameMillisecondStillMovesForward() {
    long previous = Hlc.ofMillis(10_000);
    assertThat(Hlc.next(10_000, previous)).isEqualTo(previous + 1);
  }

  // The order of versions is Stamp's (and Merge.compare's), no longer Hlc.wins.

  @Test
  void laterTimestampIsGreaterWhateverTheOrigin() {
    assertThat(Stamp.of(2, A)).isGreaterThan(Stamp.of(1, B));
    assertThat(Stamp.of(1, B)).isLessThan(Stamp.of(2, A));
  }

  @Test
  void tieGoesToTheGreaterProgramId() {
    assertThat(Stamp.of(7, B)).isGreaterThan(Stamp.of(7, A));
    assertThat(Stamp.of(7, A)).isLessThan(Stamp.of(7, B));
  }

  @Test
  void equalStampsAreEqual() {
    assertThat(Stamp.of(7, A)).isEqualByComparingTo(Stamp.of(7, A));
  }
}

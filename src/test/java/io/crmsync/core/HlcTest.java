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
    assertThat(Hlc.wins(edit, A, received, B)).isTrue();
  }

  @Test
  void editInTheSameMillisecondStillMovesForward() {
    long previous = Hlc.ofMillis(10_000);
    assertThat(Hlc.next(10_000, previous)).isEqualTo(previous + 1);
  }

  @Test
  void laterTimestampWinsWhateverTheOrigin() {
    assertThat(Hlc.wins(2, A, 1, B)).isTrue();
    assertThat(Hlc.wins(1, B, 2, A)).isFalse();
  }

  @Test
  void tieGoesToTheGreaterProgramId() {
    assertThat(Hlc.wins(7, B, 7, A)).isTrue();
    assertThat(Hlc.wins(7, A, 7, B)).isFalse();
  }

  @Test
  void equalVersionsDoNotWin() {
    assertThat(Hlc.wins(7, A, 7, A)).isFalse();
  }
}

package io.crmsync.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadProgressTest {

  @Test
  void rateAndTimeLeftFollowFromTheRowsDoneSinceTheStart() {
    LoadProgress p = new LoadProgress("clients", 10_000, 50_000L, 1_000L);
    assertThat(p.percent()).isEqualTo(20);
    assertThat(p.rate(11_000)).isEqualTo(1_000.0);
    assertThat(p.secondsLeft(11_000)).isEqualTo(40);
  }

  @Test
  void nothingIsEstimatedBeforeTheFirstAcknowledgementOrWithoutATotal() {
    assertThat(new LoadProgress("clients", 0, 50_000L, 1_000L).secondsLeft(5_000)).isNull();
    LoadProgress waiting = new LoadProgress("clients", 0, null, null);
    assertThat(waiting.percent()).isZero();
    assertThat(waiting.rate(5_000)).isZero();
    assertThat(waiting.expected()).isNull();
  }

  @Test
  void rowsAddedDuringTheLoadRaiseTheTotalInsteadOfPassingAHundredPercent() {
    LoadProgress p = new LoadProgress("clients", 120, 100L, 0L);
    assertThat(p.expected()).isEqualTo(120);
    assertThat(p.percent()).isEqualTo(100);
    assertThat(p.secondsLeft(1_000)).isZero();
    assertThat(new LoadProgress("empty", 0, 0L, 0L).percent()).isEqualTo(100);
  }

  @Test
  void aNegativeCountIsRefused() {
    assertThatThrownBy(() -> new LoadProgress("clients", -1, 1L, 0L)).isInstanceOf(IllegalArgumentException.class);
  }
}

package io.crmsync.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.exchange.Activity;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityChartTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final long MINUTE = NOW / 60_000;

  @Test
  void minutesOfTheLastDayAreDrawnAndCountedOlderOnesAreNot() {
    String svg = ActivityChart.render(Texts.of("en"), List.of(
        new Activity.Minute(MINUTE - 24 * 60, 999, 999, 0, 0),
        new Activity.Minute(MINUTE - 10, 40, 3, 8_000, 40),
        new Activity.Minute(MINUTE, 2, 0, 1_000, 2)), NOW);
    assertThat(svg).contains("data-received=\"42\"", "data-sent=\"3\"", "<polyline class=\"received\"",
        "<polyline class=\"sent\"", "<circle");
    assertThat(svg).contains(">40<").contains("0.5 s");
    assertThat(svg).doesNotContain("style=", "<script");
  }

  @Test
  void anIdleDayIsAFlatLineOfAFewPoints() {
    String svg = ActivityChart.render(Texts.of("ru"), List.of(), NOW);
    assertThat(svg).contains("data-received=\"0\"").doesNotContain("<circle");
    String points = svg.replaceAll("(?s).*<polyline class=\"received\" points=\"([^\"]*)\".*", "$1");
    assertThat(points.split(" ")).hasSize(2);
  }
}

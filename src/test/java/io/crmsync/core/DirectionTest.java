package io.crmsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DirectionTest {
  @Test
  void eachDirectionSendsAndReceivesAsThePageSays() {
    assertThat(Direction.BOTH.sends()).isTrue();
    assertThat(Direction.BOTH.receives()).isTrue();
    assertThat(Direction.UPLOAD.sends()).isTrue();
    assertThat(Direction.UPLOAD.receives()).isFalse();
    assertThat(Direction.DOWNLOAD.sends()).isFalse();
    assertThat(Direction.DOWNLOAD.receives()).isTrue();
    assertThat(Direction.OFF.sends()).isFalse();
    assertThat(Direction.OFF.receives()).isFalse();
  }

  @Test
  void parseIgnoresCaseAndSurroundingSpace() {
    assertThat(Direction.parse("both")).isEqualTo(Direction.BOTH);
    assertThat(Direction.parse(" Upload ")).isEqualTo(Direction.UPLOAD);
    for (Direction d : Direction.values()) {
      assertThat(Direction.parse(d.name())).isEqualTo(d);
    }
  }

  @Test
  void parseErrorListsTheValidDirections() {
    for (String bad : new String[] {"sideways", "", null}) {
      assertThatThrownBy(() -> Direction.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContainingAll("BOTH", "UPLOAD", "DOWNLOAD", "OFF");
    }
  }
}

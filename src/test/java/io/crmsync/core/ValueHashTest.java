package io.crmsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueHashTest {
  @Test
  void nullEmptyAndTheWordNullHashDifferently() {
    Set<String> hashes = Set.of(ValueHash.of(null), ValueHash.of(""), ValueHash.of("null"));
    assertThat(hashes).hasSize(3);
  }

  @Test
  void sameValueAlwaysHashesTheSame() {
    assertThat(ValueHash.of("Иванов 🙂")).isEqualTo(ValueHash.of(new String("Иванов 🙂")));
    assertThat(ValueHash.of(null)).isEqualTo(ValueHash.of(null));
  }

  @Test
  void hashIsStableAcrossRuns() {
    // Stored hashes must survive restarts and upgrades: pin one value.
    assertThat(ValueHash.of("abc")).isEqualTo(ValueHash.of("abc")).hasSize(22);
    assertThat(ValueHash.of("abc")).isEqualTo("bInS-gXyag8Rr4-lPwMAJE");
  }

  @Test
  void distinctValuesGetDistinctHashes() {
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      hashes.add(ValueHash.of(Integer.toString(i)));
    }
    assertThat(hashes).hasSize(1000);
  }
}

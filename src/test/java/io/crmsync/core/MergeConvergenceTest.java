package io.crmsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Per-field last-writer-wins converges whatever the order and duplication of deliveries. */
class MergeConvergenceTest {
  private static final String[] ORIGINS = {
    "11111111-1111-1111-1111-111111111111",
    "22222222-2222-2222-2222-222222222222",
    "33333333-3333-3333-3333-333333333333"
  };

  private record Version(String value, long hlc, String origin) {}

  /** One replica's state of one field, changed only by {@link Hlc#wins}. */
  private static final class Replica {
    Version current;

    void apply(Version v) {
      if (current == null || Hlc.wins(v.hlc(), v.origin(), current.hlc(), current.origin())) {
        current = v;
      }
    }
  }

  @Test
  void replicasConvergeWhateverTheOrderAndDuplicates() {
    Random random = new Random(20241125L);
    for (int round = 0; round < 2_000; round++) {
      List<Version> versions = randomVersions(random);
      int replicaCount = 2 + random.nextInt(2);
      List<Replica> replicas = new ArrayList<>();
      for (int r = 0; r < replicaCount; r++) {
        Replica replica = new Replica();
        for (Version v : deliveries(versions, random)) {
          replica.apply(v);
        }
        replicas.add(replica);
      }
      Version expected = newest(versions);
      for (Replica replica : replicas) {
        assertThat(replica.current).as("round %d, versions %s", round, versions).isEqualTo(expected);
      }
    }
  }

  @Test
  void sameTimestampFromTwoProgramsConvergesToTheGreaterOrigin() {
    Version a = new Version("a", 100, ORIGINS[0]);
    Version b = new Version("b", 100, ORIGINS[1]);
    Replica first = new Replica();
    first.apply(a);
    first.apply(b);
    Replica second = new Replica();
    second.apply(b);
    second.apply(a);
    assertThat(first.current).isEqualTo(second.current).isEqualTo(b);
  }

  private static List<Version> randomVersions(Random random) {
    int count = 1 + random.nextInt(8);
    List<Version> versions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // A narrow clock range makes equal timestamps (ties) common.
      long hlc = 1 + random.nextInt(5);
      String origin = ORIGINS[random.nextInt(ORIGINS.length)];
      boolean taken =
          versions.stream().anyMatch(v -> v.hlc() == hlc && v.origin().equals(origin));
      if (!taken) { // one program never makes two different values with one version
        versions.add(new Version(random.nextInt(4) == 0 ? null : "v" + i, hlc, origin));
      }
    }
    return versions;
  }

  private static List<Version> deliveries(List<Version> versions, Random random) {
    List<Version> out = new ArrayList<>(versions);
    int duplicates = random.nextInt(versions.size() + 1);
    for (int i = 0; i < duplicates; i++) {
      out.add(versions.get(random.nextInt(versions.size())));
    }
    Collections.shuffle(out, random);
    return out;
  }

  private static Version newest(List<Version> versions) {
    Version best = versions.get(0);
    for (Version v : versions) {
      if (v.hlc() > best.hlc() || (v.hlc() == best.hlc() && v.origin().compareTo(best.origin()) > 0)) {
        best = v;
      }
    }
    return best;
  }
}

package io.crmsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs in which {@link Merge} lost an edit it should have kept, found by {@link
 * MergeSimulationTest} and {@link MergePairSimulationTest} and written out step by step, with what
 * should happen. The first three the first design (a base stamp compared by order) failed. The
 * last two the first version-vector design failed: a version that has seen a decision (by having
 * seen both its sides) can be less than it in the order, and it kept the greater; now the version
 * that has seen the other wins, re-stamped above it when it is the smaller, and two decisions of
 * different conflicts go by the policy.
 */
class MergeCounterexamplesTest {
  private static final List<String> ORIGINS =
      List.of(
          "7f3a9c2e-1b4d-4e8f-9a60-3c5d7e9f1a2b",
          "0c8e4b1a-9d2f-4a7e-8b3c-5f6a1d2e3c4b",
          "c41d7e9a-3f5b-4c2d-a1e8-9b7f6a5d4c3e");

  /**
   * The first design lost 'z': P2 took 'x' and then, with 'y' (both from P0), decided a conflict
   * under ACTIVE_WINS for 'x', a value it had itself received from the passive side, with a stamp
   * that beat 'z'. Both versions came through the one sync, and P0 had already ordered them.
   */
  @Test
  void activeWinsDoesNotApplyToTwoVersionsThatBothCameFromThePassiveSide() {
    // Head office P0, passive for both branches: P1 (NEWEST_WINS) and P2 (ACTIVE_WINS).
    // Clocks agree, every message is delivered once and in order.
    SimulatedPrograms programs =
        new SimulatedPrograms(
            network(
                3,
                List.of(
                    new Network.Sync(1, 0, ConflictPolicy.NEWEST_WINS),
                    new Network.Sync(2, 0, ConflictPolicy.ACTIVE_WINS))));
    programs.at(1_000);
    programs.edit(0, 0, "x"); // [1000 7f3a]
    programs.at(2_000);
    programs.edit(1, 0, "y"); // [2000 0c8e], concurrent with 'x'
    programs.deliverOldest(1, 0); // P0: a conflict, newest wins: takes 'y'
    programs.at(3_000);
    programs.edit(0, 0, "z"); // [3000 7f3a] knowing 'x' and 'y'
    programs.deliverOldest(0, 2); // P2 takes 'x'
    programs.deliverOldest(0, 2); // P2: 'y' after 'x', both from P0: no conflict, takes 'y'
    programs.deliverOldest(0, 2); // P2 takes 'z'
    assertThat(programs.settle(new Random(1), MergeSimulationTest.SETTLE_BOUND)).isTrue();

    for (int p = 0; p < 3; p++) {
      assertThat(programs.version(p, 0).value()).as("P%d\n%s", p, programs.trace()).isEqualTo("z");
    }
    // 'x' and 'y' are a conflict where they meet through different syncs (P0, and P1 if 'x'
    // reaches it before 'z'), under P1's NEWEST_WINS; never at P2.
    List<SimulatedPrograms.Received> conflicts =
        programs.decisions().stream().filter(r -> r.decision().conflict()).toList();
    assertThat(conflicts).as(programs.trace()).isNotEmpty();
    assertThat(conflicts)
        .as(programs.trace())
        .allSatisfy(
            r -> {
              assertThat(r.here()).isNotEqualTo(2);
              assertThat(r.decision().rule()).isEqualTo(ConflictPolicy.NEWEST_WINS);
            });
  }

  /**
   * The first design compared P1's second edit's base ('b' [2000]) with P0's 'a' [1000] by order,
   * so 'c' counted as having seen 'a' and was taken without a conflict: the policy was skipped
   * when 'c' arrived first.
   */
  @Test
  void aSecondEditDoesNotSeeAConcurrentEditOfTheOtherSide() {
    // P0 active, P1 passive, ACTIVE_WINS: P0's value wins a conflict with P1's.
    SimulatedPrograms programs =
        new SimulatedPrograms(
            network(2, List.of(new Network.Sync(0, 1, ConflictPolicy.ACTIVE_WINS))));
    programs.at(1_000);
    programs.edit(0, 0, "a");
    programs.at(2_000);
    programs.edit(1, 0, "b");
    programs.at(3_000);
    programs.edit(1, 0, "c"); // knowing 'b', not 'a'
    programs.deliverNewest(1, 0); // P0: 'c' against 'a': a conflict, active wins
    assertThat(programs.decisions().get(0).decision().conflict()).isTrue();
    assertThat(programs.decisions().get(0).decision().action())
        .isEqualTo(Merge.Action.KEEP_AS_NEW);
    assertThat(programs.settle(new Random(1), MergeSimulationTest.SETTLE_BOUND)).isTrue();

    for (int p = 0; p < 2; p++) {
      assertThat(programs.version(p, 0).value()).as("P%d\n%s", p, programs.trace()).isEqualTo("a");
    }
  }

  /** The run above, delivered in order: the policy decides too. */
  @Test
  void theSameEditsDeliveredOldestFirstGoToTheActiveSide() {
    SimulatedPrograms programs =
        new SimulatedPrograms(
            network(2, List.of(new Network.Sync(0, 1, ConflictPolicy.ACTIVE_WINS))));
    programs.at(1_000);
    programs.edit(0, 0, "a");
    programs.at(2_000);
    programs.edit(1, 0, "b");
    programs.at(3_000);
    programs.edit(1, 0, "c");
    programs.deliverOldest(1, 0); // P0: 'b' against 'a', active wins: keeps 'a' as new [2000+1 P0]
    programs.deliverOldest(1, 0); // P0: 'c' against that decided 'a': 'a' as new [3000+1 P0]
    assertThat(programs.settle(new Random(1), MergeSimulationTest.SETTLE_BOUND)).isTrue();

    for (int p = 0; p < 2; p++) {
      assertThat(programs.version(p, 0).value()).as("P%d\n%s", p, programs.trace()).isEqualTo("a");
    }
  }

  @Test
  void anEditMadeAfterSeeingBothSidesOfAConflictBeatsItsDecisionMadeElsewhere() {
    // P1 active, P0 passive, PASSIVE_WINS: P0's value wins a conflict. P1's clock is a minute
    // ahead of P0's.
    SimulatedPrograms programs =
        new SimulatedPrograms(
            network(
                List.of(0L, 60_000L), List.of(new Network.Sync(1, 0, ConflictPolicy.PASSIVE_WINS))));
    programs.at(1_000);
    programs.edit(0, 0, "x"); // [1000 7f3a]
    programs.at(2_000);
    programs.edit(0, 0, "y"); // [2000 7f3a]
    programs.at(3_000);
    programs.edit(1, 0, "y"); // [63000 0c8e], the same value, concurrent
    programs.deliverOldest(1, 0); // P0: the same value, no conflict: takes [63000 0c8e]
    programs.at(4_000);
    programs.edit(0, 0, "z"); // [63000+1 7f3a], its clock behind: knowing 'x', 'y' and P1's 'y'
    programs.deliverOldest(0, 1); // P1: 'x' against its 'y', P0's wins: 'x' [63000+1 7f3a decided]
    programs.deliverNewest(0, 1); // P1: 'z' has seen both sides, no conflict; the decision is greater
    assertThat(programs.settle(new Random(1), MergeSimulationTest.SETTLE_BOUND)).isTrue();

    // Today both end with 'x', a value P0's user replaced twice.
    for (int p = 0; p < 2; p++) {
      assertThat(programs.version(p, 0).value()).as("P%d\n%s", p, programs.trace()).isEqualTo("z");
    }
  }

  @Test
  void aDecisionThatHasSeenTheOtherEndsDecisionsBeatsThem() {
    // P0 active, P1 passive, ACTIVE_WINS: P0's value wins a conflict. Clocks agree.
    SimulatedPrograms programs =
        new SimulatedPrograms(
            network(2, List.of(new Network.Sync(0, 1, ConflictPolicy.ACTIVE_WINS))));
    programs.at(1_000);
    programs.edit(0, 0, "a"); // [1000 7f3a]
    programs.at(2_000);
    programs.edit(0, 0, "b"); // [2000 7f3a]
    programs.at(3_000);
    programs.edit(0, 0, "c"); // [3000 7f3a]
    programs.at(4_000);
    programs.edit(1, 0, "d"); // [4000 0c8e], concurrent with all three
    programs.deliverOldest(0, 1); // P1: 'a' against 'd', active wins: 'a' [4000+1 7f3a decided]
    programs.deliverOldest(0, 1); // P1: 'b' against that: 'b' [4000+2 7f3a decided]
    programs.deliverOldest(1, 0); // P0: 'd' against 'c', active wins: 'c' [4000+1 7f3a decided]
    programs.deliverNewest(0, 1); // P1: that 'c' has seen 'b' [4000+2] but is less: keeps 'b'
    assertThat(programs.settle(new Random(1), MergeSimulationTest.SETTLE_BOUND)).isTrue();

    // Today both end with 'b': P0's 'c' made after 'b' and P1's 'd' were a conflict, active wins.
    for (int p = 0; p < 2; p++) {
      assertThat(programs.version(p, 0).value()).as("P%d\n%s", p, programs.trace()).isEqualTo("c");
    }
  }

  private static Network network(int programs, List<Network.Sync> syncs) {
    return network(Collections.nCopies(programs, 0L), syncs);
  }

  private static Network network(List<Long> skews, List<Network.Sync> syncs) {
    return new Network(
        "chain",
        ORIGINS.subList(0, skews.size()),
        skews,
        syncs,
        1,
        List.of(),
        0);
  }
}

package io.crmsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Two programs, one sync, concurrent edits made before anything is delivered, then lost, duplicated
 * and reordered messages: the production {@link Merge} ends with the value the sync's policy says.
 */
class MergePairSimulationTest {
  @Provide
  Arbitrary<Network> twoConcurrentEdits() {
    Arbitrary<List<String>> values =
        Arbitraries.of("a", "b", "c")
            .injectNull(0.25)
            .list()
            .ofSize(2)
            .filter(v -> !Objects.equals(v.get(0), v.get(1)));
    Arbitrary<List<Network.Step>> steps =
        Combinators.combine(
                values,
                Arbitraries.integers().between(0, 3).list().ofSize(2),
                Networks.deliveries().list().ofMaxSize(10))
            .as(
                (v, advance, deliveries) ->
                    concat(
                        List.of(
                            new Network.Edit(0, 0, v.get(0), advance.get(0)),
                            new Network.Edit(1, 0, v.get(1), advance.get(1))),
                        deliveries));
    return Networks.pair(steps);
  }

  @Property(tries = 1000)
  void twoConcurrentEditsEndAsTheSyncsPolicySays(@ForAll("twoConcurrentEdits") Network network) {
    SimulatedPrograms programs = MergeSimulationTest.settled(network);
    Network.Sync sync = network.syncs().get(0);
    List<SimulatedPrograms.Edit> edits = programs.edits(0);
    String expected =
        policyWinner(sync.policy(), edits.get(sync.active()), edits.get(sync.passive()));
    for (int p = 0; p < 2; p++) {
      assertThat(programs.version(p, 0).value())
          .as("P%d\n%s", p, programs.trace())
          .isEqualTo(expected);
    }
  }

  /**
   * The two edits meet as a conflict in at least one program, decided by the sync's policy, and no
   * program decides anything else as a conflict.
   */
  @Property(tries = 1000)
  void twoConcurrentEditsAreReportedAsAConflictOfTheSyncsPolicy(
      @ForAll("twoConcurrentEdits") Network network) {
    SimulatedPrograms programs = MergeSimulationTest.settled(network);
    ConflictPolicy policy = network.syncs().get(0).policy();
    List<Merge.Decision> conflicts =
        programs.decisions().stream()
            .map(SimulatedPrograms.Received::decision)
            .filter(Merge.Decision::conflict)
            .toList();
    assertThat(conflicts).as(programs.trace()).isNotEmpty();
    assertThat(conflicts)
        .as(programs.trace())
        .allSatisfy(d -> assertThat(d.rule()).isEqualTo(policy));
  }

  @Provide
  Arbitrary<Network> concurrentHistories() {
    Arbitrary<List<Network.Edit>> edits =
        Networks.edits()
            .map(e -> new Network.Edit(e.program(), 0, e.value(), e.advanceMillis()))
            .list()
            .ofMinSize(2)
            .ofMaxSize(6);
    return Networks.pair(
        Combinators.combine(edits, Networks.deliveries().list().ofMaxSize(10))
            .as(MergePairSimulationTest::concat));
  }

  /**
   * Several edits per side, all made before anything is delivered: the last edits of the two sides
   * end as the policy says. The first design failed this: a program's second edit counted as having
   * seen the other side's concurrent edit when its first edit's stamp was greater, so the policy was
   * skipped depending on delivery order (see {@link
   * MergeCounterexamplesTest#aSecondEditDoesNotSeeAConcurrentEditOfTheOtherSide}). The first
   * version-vector design failed it within a few hundred tries (seed 1167131764410613347, at try
   * 155): a decision that had seen the other side's decisions but was less kept losing to them
   * (see {@link MergeCounterexamplesTest#aDecisionThatHasSeenTheOtherEndsDecisionsBeatsThem} and
   * {@link #stackedDecisionsSample}); then, with that fixed, "between two decisions the greater
   * wins" ended a pair with an older edit of the winning side.
   */
  @Property(tries = 1000)
  void twoConcurrentHistoriesEndAsTheSyncsPolicySays(
      @ForAll("concurrentHistories") Network network) {
    SimulatedPrograms programs = MergeSimulationTest.settled(network);
    Network.Sync sync = network.syncs().get(0);
    List<SimulatedPrograms.Edit> edits = programs.edits(0);
    Assume.that(edits.stream().map(SimulatedPrograms.Edit::program).distinct().count() == 2);
    SimulatedPrograms.Edit atActive = lastAt(edits, sync.active());
    SimulatedPrograms.Edit atPassive = lastAt(edits, sync.passive());
    Assume.that(!Objects.equals(atActive.value(), atPassive.value()));
    assertThat(programs.version(0, 0).value())
        .as(programs.trace())
        .isEqualTo(policyWinner(sync.policy(), atActive, atPassive));
  }

  /**
   * The shrunk sample of seed 1167131764410613347: P0 (active, ACTIVE_WINS) edits 'a', null, 'a';
   * P1 (its clock 1 ms ahead) edits null. P1 decides 'a' [P1's+1] then null [P1's+2] for P0; P0
   * decides its last 'a' against P1's null, [P1's+1], which has seen P1's decisions but is less.
   * Both end with null, which P0's user had replaced with 'a'.
   */
  @Example
  void stackedDecisionsSample() {
    Network network =
        new Network(
            "star",
            List.of("7f3a9c2e-1b4d-4e8f-9a60-3c5d7e9f1a2b", "0c8e4b1a-9d2f-4a7e-8b3c-5f6a1d2e3c4b"),
            List.of(0L, 1L),
            List.of(new Network.Sync(0, 1, ConflictPolicy.ACTIVE_WINS)),
            1,
            List.of(
                new Network.Edit(0, 0, "a", 0),
                new Network.Edit(0, 0, null, 0),
                new Network.Edit(0, 0, "a", 0),
                new Network.Edit(1, 0, null, 0),
                new Network.Deliver(0, 0, Network.Fault.NONE),
                new Network.Deliver(0, 0, Network.Fault.NONE)),
            -5);
    twoConcurrentHistoriesEndAsTheSyncsPolicySays(network);
  }

  /** The value a conflict between the two ends' edits should end with. */
  private static String policyWinner(
      ConflictPolicy policy, SimulatedPrograms.Edit atActive, SimulatedPrograms.Edit atPassive) {
    return switch (policy) {
      case NEWEST_WINS ->
          Merge.compare(atActive.side(), atPassive.side()) > 0
              ? atActive.value()
              : atPassive.value();
      case ACTIVE_WINS -> atActive.value();
      case PASSIVE_WINS -> atPassive.value();
    };
  }

  private static List<Network.Step> concat(
      List<? extends Network.Step> a, List<? extends Network.Step> b) {
    List<Network.Step> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static SimulatedPrograms.Edit lastAt(List<SimulatedPrograms.Edit> edits, int program) {
    return edits.stream().filter(e -> e.program() == program).reduce((a, b) -> b).orElseThrow();
  }
}

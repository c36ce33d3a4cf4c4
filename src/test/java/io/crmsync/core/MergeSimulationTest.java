package io.crmsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The production {@link Merge} driven through simulated programs (2 to 5, star, chain or ring with
 * one link missing, random policies and clocks, lost, duplicated and reordered messages): once
 * delivery settles, every program holds the same version of every field, settling ends, the value
 * is one that was edited, a message delivered twice changes nothing the second time, an edit's
 * clock covers exactly the edits its program had received (the simulation's own bookkeeping), and
 * an edit made after seeing all the others wins.
 * {@link MergePairSimulationTest} checks the policies.
 */
class MergeSimulationTest {
  /** Far more deliveries than any generated run needs: past it, messages loop. */
  static final int SETTLE_BOUND = 100_000;

  @Provide
  Arbitrary<Network> networks() {
    return Networks.any();
  }

  @Property(tries = 1000)
  void everyProgramHoldsTheSameVersionOnceSettled(@ForAll("networks") Network network) {
    SimulatedPrograms programs = settled(network);
    for (int f = 0; f < network.fields(); f++) {
      SimulatedPrograms.Version first = programs.version(0, f);
      for (int p = 1; p < network.programs(); p++) {
        SimulatedPrograms.Version other = programs.version(p, f);
        assertThat(other == null ? null : Arrays.asList(other.value(), other.side().stamp()))
            .as("field %d at P%d against P0\n%s", f, p, programs.trace())
            .isEqualTo(first == null ? null : Arrays.asList(first.value(), first.side().stamp()));
      }
    }
  }

  @Property(tries = 1000)
  void settlingEndsWithNothingPending(@ForAll("networks") Network network) {
    SimulatedPrograms programs = SimulatedPrograms.run(network, SETTLE_BOUND);
    assertThat(programs.settled())
        .as("still %d pending after %d deliveries", programs.pending(), programs.deliveries())
        .isTrue();
  }

  /**
   * With any policies. The first design failed this about one run in 500 (seeds
   * -2141634732735464816 and -7184036728658740496): a program that received an old conflict late
   * decided it with a new stamp that beat the later edit. The first version-vector design failed it
   * about one run in 1,000 (seed 2801180829823848463, at try 897): a decision made elsewhere of a
   * conflict the last edit had seen both sides of can be greater than that edit in the order, and
   * the greater one stayed (see {@link
   * MergeCounterexamplesTest#anEditMadeAfterSeeingBothSidesOfAConflictBeatsItsDecisionMadeElsewhere}
   * and {@link #anEditAfterBothSidesOfAConflictSample}).
   */
  @Property(tries = 1000)
  void anEditMadeAfterSeeingAllOthersWins(@ForAll("networks") Network network) {
    lastEditsMadeAfterSeeingAllOthersWin(network);
  }

  /**
   * Where every sync lets the newest edit win, no decided versions are made, and nothing is lost.
   */
  @Property(tries = 1000)
  void anEditMadeAfterSeeingAllOthersWinsWhereNewestWinsEverywhere(
      @ForAll("newestWinsEverywhere") Network network) {
    lastEditsMadeAfterSeeingAllOthersWin(network);
  }

  @Provide
  Arbitrary<Network> newestWinsEverywhere() {
    return Networks.any().map(n -> n.withPolicy(ConflictPolicy.NEWEST_WINS));
  }

  /**
   * The shrunk sample of the seed above, which the first design failed: P2 decided P0's old
   * conflict after P0's user had settled it.
   */
  @Example
  void lastEditAtTheHubAfterAConflictSample() {
    lastEditsMadeAfterSeeingAllOthersWin(
        new Network(
            "chain",
            List.of(
                "7f3a9c2e-1b4d-4e8f-9a60-3c5d7e9f1a2b",
                "0c8e4b1a-9d2f-4a7e-8b3c-5f6a1d2e3c4b",
                "c41d7e9a-3f5b-4c2d-a1e8-9b7f6a5d4c3e"),
            List.of(0L, 0L, 0L),
            List.of(
                new Network.Sync(1, 0, ConflictPolicy.NEWEST_WINS),
                new Network.Sync(2, 0, ConflictPolicy.ACTIVE_WINS)),
            1,
            List.of(
                new Network.Edit(0, 0, null, 0),
                new Network.Edit(1, 0, "a", 1),
                new Network.Deliver(0, 0, Network.Fault.NONE),
                new Network.Edit(0, 0, null, 0),
                new Network.Edit(0, 0, "a", 0),
                new Network.Edit(0, 0, "a", 0)),
            9717));
  }

  private static void lastEditsMadeAfterSeeingAllOthersWin(Network network) {
    SimulatedPrograms programs = settled(network);
    for (int f = 0; f < network.fields(); f++) {
      List<SimulatedPrograms.Edit> edits = programs.edits(f);
      if (edits.isEmpty()) {
        continue;
      }
      SimulatedPrograms.Edit last = edits.get(edits.size() - 1);
      boolean sawAll = edits.stream().allMatch(e -> e == last || last.seen().contains(e.id()));
      Statistics.label("the last edit saw all others").collect(sawAll);
      if (sawAll) {
        assertThat(programs.version(0, f).value())
            .as("field %d after e%d\n%s", f, last.id(), programs.trace())
            .isEqualTo(last.value());
      }
    }
    Statistics.label("the last edit saw all others")
        .coverage(c -> c.check(true).percentage(p -> p > 20));
  }

  /**
   * The clocks tell what the bookkeeping of the simulation tells: an edit's clock covers exactly
   * the edits of its field that its program had received when it was made.
   */
  @Property(tries = 1000)
  void anEditsClockCoversExactlyTheEditsItsProgramHadReceived(
      @ForAll("networks") Network network) {
    SimulatedPrograms programs = SimulatedPrograms.run(network, SETTLE_BOUND);
    for (SimulatedPrograms.Edit edit : programs.edits()) {
      for (SimulatedPrograms.Edit other : programs.edits(edit.field())) {
        if (other != edit) {
          assertThat(edit.side().clock().covers(other.side().stamp()))
              .as("e%d's clock covers e%d\n%s", edit.id(), other.id(), programs.trace())
              .isEqualTo(edit.seen().contains(other.id()));
          assertThat(Merge.hasSeen(edit.side().clock(), other.side()))
              .as("e%d has seen e%d\n%s", edit.id(), other.id(), programs.trace())
              .isEqualTo(edit.seen().contains(other.id()));
        }
      }
    }
  }

  /**
   * The shrunk sample of seed 2801180829823848463 with the version vectors: P0 (passive, P1's clock
   * 1 ms ahead) edits null, null, 'a'; P1 edits 'a'; P0 takes P1's 'a' (the same value, no
   * conflict) and its user edits 'a' again, one logical tick after P1's; P1 decides P0's old null
   * against its 'a' for P0 (passive wins) with the same time and origin, decided: greater than the
   * edit that has seen both sides. Both end with null.
   */
  @Example
  void anEditAfterBothSidesOfAConflictSample() {
    lastEditsMadeAfterSeeingAllOthersWin(
        new Network(
            "star",
            List.of("7f3a9c2e-1b4d-4e8f-9a60-3c5d7e9f1a2b", "0c8e4b1a-9d2f-4a7e-8b3c-5f6a1d2e3c4b"),
            List.of(0L, 1L),
            List.of(new Network.Sync(1, 0, ConflictPolicy.PASSIVE_WINS)),
            1,
            List.of(
                new Network.Edit(0, 0, null, 0),
                new Network.Edit(0, 0, null, 0),
                new Network.Edit(0, 0, "a", 0),
                new Network.Edit(1, 0, "a", 0),
                new Network.Deliver(0, 0, Network.Fault.NONE),
                new Network.Edit(0, 0, "a", 0)),
            0));
  }

  @Property(tries = 1000)
  void theFinalValueIsAlwaysAnEditedOne(@ForAll("networks") Network network) {
    SimulatedPrograms programs = settled(network);
    for (int f = 0; f < network.fields(); f++) {
      List<String> edited = programs.edits(f).stream().map(SimulatedPrograms.Edit::value).toList();
      for (int p = 0; p < network.programs(); p++) {
        SimulatedPrograms.Version v = programs.version(p, f);
        if (edited.isEmpty()) {
          assertThat(v).as("field %d at P%d was never edited", f, p).isNull();
        } else {
          assertThat(edited).as("field %d at P%d\n%s", f, p, programs.trace()).contains(v.value());
        }
      }
    }
  }

  @Property(tries = 1000)
  void deliveringTheSameMessageTwiceChangesNothingTheSecondTime(
      @ForAll("networks") Network network) {
    SimulatedPrograms programs = settled(network);
    assertThat(programs.redeliveryChanges()).as(programs.trace()).isEmpty();
  }

  /** Runs the network and checks that it settled. */
  static SimulatedPrograms settled(Network network) {
    SimulatedPrograms programs = SimulatedPrograms.run(network, SETTLE_BOUND);
    assertThat(programs.settled()).as("settled\n%s", programs.trace()).isTrue();
    return programs;
  }
}

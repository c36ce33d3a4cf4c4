package io.crmsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Merge#decide} on any two versions and any knowledge: applying a decision leaves a version
 * that the same arrival no longer changes, never goes back in the order, leaves the program knowing
 * both versions and its own, and both ends of a sync, each receiving the other's version, end with
 * the same one.
 */
class MergeDecisionPropertiesTest {
  private static final String[] ORIGINS = {"0c8e4b1a", "7f3a9c2e", "c41d7e9a"};
  private static final List<String> KEYS =
      List.of(
          ORIGINS[0], ORIGINS[1], ORIGINS[2], ORIGINS[0] + "*", ORIGINS[1] + "*", ORIGINS[2] + "*");

  /** Clocks over few makers and close times: each key absent or at 8 to 14. */
  private static Arbitrary<Clock> clocks() {
    return Arbitraries.longs()
        .between(7, 14)
        .list()
        .ofSize(KEYS.size())
        .map(
            times -> {
              Map<String, Long> entries = new HashMap<>();
              for (int i = 0; i < KEYS.size(); i++) {
                if (times.get(i) > 7) {
                  entries.put(KEYS.get(i), times.get(i));
                }
              }
              return Clock.of(entries);
            });
  }

  /**
   * Versions as programs make them: every entry of the clock before the stamp's own time (an edit
   * follows everything its program knew, a decision follows both sides).
   */
  @Provide
  Arbitrary<Merge.Side> sides() {
    Arbitrary<Stamp> stamps =
        Combinators.combine(
                Arbitraries.longs().between(10, 15),
                Arbitraries.of(ORIGINS),
                Arbitraries.of(true, false))
            .as(Stamp::new);
    return Combinators.combine(Arbitraries.of("a", "b", "c").injectNull(0.25), stamps, clocks())
        .as((value, stamp, clock) -> new Merge.Side(ValueHash.of(value), stamp, clock))
        .filter(
            s ->
                s.clock().without(s.stamp()).entries().values().stream()
                    .allMatch(t -> t < s.stamp().hlc()));
  }

  /** What a program knows besides its version: nothing more, or any clock. */
  @Provide
  Arbitrary<Clock> knowledge() {
    return clocks().injectNull(0.5);
  }

  @Property(tries = 2000)
  void theSameArrivalAgainChangesNothing(
      @ForAll("sides") Merge.Side local,
      @ForAll("knowledge") Clock known,
      @ForAll boolean fromThisSync,
      @ForAll("sides") Merge.Side incoming,
      @ForAll ConflictPolicy policy,
      @ForAll boolean hereActive) {
    Merge.Decision d = Merge.decide(local, known, fromThisSync, incoming, policy, hereActive);
    // Taken as it is, the version came through this sync; a decided one through none.
    boolean nowFromThisSync =
        switch (d.action()) {
          case KEEP -> fromThisSync;
          case TAKE -> true;
          case KEEP_AS_NEW, TAKE_AS_NEW -> false;
        };
    Merge.Decision again =
        Merge.decide(d.version(), d.known(), nowFromThisSync, incoming, policy, hereActive);
    assertThat(again.action()).as("%s", d).isEqualTo(Merge.Action.KEEP);
    assertThat(again.known()).as("%s", d).isEqualTo(d.known());
  }

  @Property(tries = 2000)
  void aDecisionNeverGoesBackInTheOrder(
      @ForAll("sides") Merge.Side local,
      @ForAll("knowledge") Clock known,
      @ForAll boolean fromThisSync,
      @ForAll("sides") Merge.Side incoming,
      @ForAll ConflictPolicy policy,
      @ForAll boolean hereActive) {
    Merge.Decision d = Merge.decide(local, known, fromThisSync, incoming, policy, hereActive);
    assertThat(Merge.compare(d.version(), local)).isGreaterThanOrEqualTo(0);
    assertThat(Merge.compare(d.version(), incoming)).isGreaterThanOrEqualTo(0);
    assertThat(d.version().hash()).isIn(local.hash(), incoming.hash());
    assertThat(d.takesValue() ? incoming.hash() : local.hash()).isEqualTo(d.version().hash());
  }

  @Property(tries = 2000)
  void afterADecisionTheProgramKnowsBothVersionsAndItsOwn(
      @ForAll("sides") Merge.Side local,
      @ForAll("knowledge") Clock known,
      @ForAll boolean fromThisSync,
      @ForAll("sides") Merge.Side incoming,
      @ForAll ConflictPolicy policy,
      @ForAll boolean hereActive) {
    Merge.Decision d = Merge.decide(local, known, fromThisSync, incoming, policy, hereActive);
    assertThat(Merge.hasSeen(d.known(), local)).isTrue();
    assertThat(Merge.hasSeen(d.known(), incoming)).isTrue();
    assertThat(d.known().covers(d.version().stamp())).as("%s", d).isTrue();
    if (known != null) {
      assertThat(d.known().dominates(known, null)).isTrue();
    }
    assertThat(d.conflict()).isEqualTo(d.rule() != null);
    if (d.conflict()) {
      assertThat(local.hash()).isNotEqualTo(incoming.hash());
      assertThat(fromThisSync).isFalse();
    }
  }

  @Property(tries = 2000)
  void bothEndsOfASyncEndWithTheSameVersion(
      @ForAll("sides") Merge.Side atActive,
      @ForAll("sides") Merge.Side atPassive,
      @ForAll ConflictPolicy policy) {
    Merge.Decision active = Merge.decide(atActive, null, false, atPassive, policy, true);
    Merge.Decision passive = Merge.decide(atPassive, null, false, atActive, policy, false);
    assertThat(Merge.compare(passive.version(), active.version()))
        .as("%s against %s", passive, active)
        .isZero();
    if (!atActive.stamp().equals(atPassive.stamp())) { // one stamp, one version: the same clock
      assertThat(passive.version()).isEqualTo(active.version());
    }
    assertThat(passive.conflict()).isEqualTo(active.conflict());
  }
}

package io.crmsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Merge#decide} and {@link Merge#edit}, one rule at a time. */
class MergeDecideTest {
  private static final String A = "00000000-0000-0000-0000-00000000000a";
  private static final String B = "00000000-0000-0000-0000-00000000000b";
  private static final long MILLIS = 1_732_000_000_000L;
  private static final long T = Hlc.ofMillis(MILLIS);

  /** An edit that knows only itself. */
  private static Merge.Side edit(String value, long hlc, String origin) {
    return new Merge.Side(ValueHash.of(value), Stamp.of(hlc, origin), null);
  }

  /** Decides with what the local version knows only, the versions from different syncs. */
  private static Merge.Decision decide(
      Merge.Side local, Merge.Side incoming, ConflictPolicy policy, boolean hereActive) {
    return Merge.decide(local, null, false, incoming, policy, hereActive);
  }

  @Test
  void anEditsClockIsWhatItsProgramKnewAndItself() {
    Merge.Side a = edit("a", T, A);
    Merge.Side b = edit("b", T + 3, B);
    Clock known = a.clock().merge(b.clock());
    Merge.Side c = Merge.edit(b, known, ValueHash.of("c"), MILLIS - 5, A);
    assertThat(c.stamp()).isEqualTo(Stamp.of(T + 4, A)); // after 'b', though A's clock is behind
    assertThat(c.clock()).isEqualTo(Clock.of(Map.of(A, T + 4, B, T + 3)));
    assertThat(Merge.hasSeen(c.clock(), a)).isTrue();
    assertThat(Merge.hasSeen(c.clock(), b)).isTrue();
    assertThat(Merge.hasSeen(a.clock(), c)).isFalse();
  }

  @Test
  void theFirstVersionOfAFieldIsTaken() {
    Merge.Side incoming = edit("a", T, A);
    Merge.Decision d = Merge.decide(null, null, false, incoming, ConflictPolicy.ACTIVE_WINS, true);
    assertThat(d)
        .isEqualTo(
            new Merge.Decision(Merge.Action.TAKE, incoming, incoming.clock(), false, null));
  }

  @Test
  void theSameVersionAgainIsKept() {
    Merge.Side v = edit("a", T, A);
    assertThat(decide(v, v, ConflictPolicy.NEWEST_WINS, false).action())
        .isEqualTo(Merge.Action.KEEP);
  }

  @ParameterizedTest
  @EnumSource(ConflictPolicy.class)
  void anEditMadeAfterSeeingTheLocalValueWinsThoughItsClockIsBehind(ConflictPolicy policy) {
    Merge.Side local = edit("a", T + Hlc.ofMillis(60_000), B);
    // Made at B's peer whose clock is a minute behind, after it received 'a'.
    Merge.Side seen = Merge.edit(local, local.clock(), ValueHash.of("b"), MILLIS, A);
    for (boolean hereActive : new boolean[] {true, false}) {
      Merge.Decision d = decide(local, seen, policy, hereActive);
      assertThat(d.action()).isEqualTo(Merge.Action.TAKE);
      assertThat(d.conflict()).isFalse();
      assertThat(d.version()).isEqualTo(seen);
      assertThat(decide(seen, local, policy, hereActive).action()).isEqualTo(Merge.Action.KEEP);
    }
  }

  @ParameterizedTest
  @EnumSource(ConflictPolicy.class)
  void equalValuesAreNeverAConflict(ConflictPolicy policy) {
    Merge.Side older = edit("a", T, A);
    Merge.Side newer = edit("a", T + 5, B);
    Merge.Decision taken = decide(older, newer, policy, true);
    assertThat(taken.action()).isEqualTo(Merge.Action.TAKE);
    assertThat(taken.conflict()).isFalse();
    Merge.Decision kept = decide(newer, older, policy, false);
    assertThat(kept.action()).isEqualTo(Merge.Action.KEEP);
    assertThat(kept.conflict()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(ConflictPolicy.class)
  void twoVersionsThatArrivedThroughTheSameSyncAreNoConflict(ConflictPolicy policy) {
    Merge.Side local = edit("a", T + 7, B);
    Merge.Side incoming = edit("b", T, A);
    for (boolean hereActive : new boolean[] {true, false}) {
      Merge.Decision d = Merge.decide(local, null, true, incoming, policy, hereActive);
      assertThat(d.conflict()).isFalse();
      assertThat(d.action()).isEqualTo(Merge.Action.KEEP);
      assertThat(Merge.decide(incoming, null, true, local, policy, hereActive).action())
          .isEqualTo(Merge.Action.TAKE);
    }
  }

  @Test
  void aSecondEditHasNotSeenAConcurrentEditWithAnOlderStamp() {
    Merge.Side a = edit("a", T, A);
    Merge.Side b = edit("b", T + 10, B);
    Merge.Side c = Merge.edit(b, b.clock(), ValueHash.of("c"), MILLIS + 1, B);
    assertThat(Merge.hasSeen(c.clock(), a)).isFalse();
    Merge.Decision d = decide(a, c, ConflictPolicy.ACTIVE_WINS, true);
    assertThat(d.conflict()).isTrue();
    assertThat(d.action()).isEqualTo(Merge.Action.KEEP_AS_NEW);
  }

  @Test
  void whatTheProgramKnowsCountsThoughItsVersionDoesNot() {
    Merge.Side a = edit("a", T + 9, A);
    Merge.Side b = edit("b", T, B);
    // The local 'a' was made without 'b', but the program has received 'b' since (and kept 'a').
    Merge.Decision d =
        Merge.decide(a, a.clock().merge(b.clock()), false, b, ConflictPolicy.PASSIVE_WINS, true);
    assertThat(d.conflict()).isFalse();
    assertThat(d.action()).isEqualTo(Merge.Action.KEEP);
    assertThat(d.known()).isEqualTo(a.clock().merge(b.clock()));
  }

  @Test
  void newestWinsTakesTheNewerOfTwoConcurrentEdits() {
    Merge.Side local = edit("a", T, B);
    Merge.Side incoming = edit("b", T, A); // same time: the greater origin wins
    Clock both = local.clock().merge(incoming.clock());
    assertThat(decide(local, incoming, ConflictPolicy.NEWEST_WINS, true))
        .isEqualTo(
            new Merge.Decision(Merge.Action.KEEP, local, both, true, ConflictPolicy.NEWEST_WINS));
    assertThat(decide(incoming, local, ConflictPolicy.NEWEST_WINS, true))
        .isEqualTo(
            new Merge.Decision(Merge.Action.TAKE, local, both, true, ConflictPolicy.NEWEST_WINS));
  }

  @Test
  void theActiveSideKeepsAnOlderValueAsANewDecidedVersion() {
    Merge.Side local = edit("a", T, A);
    Merge.Side incoming = edit("b", T + 7, B);
    Merge.Decision d = decide(local, incoming, ConflictPolicy.ACTIVE_WINS, true);
    Stamp decided = new Stamp(T + 8, A, true);
    Clock clock = Clock.of(Map.of(A, T, B, T + 7, A + "*", T + 8));
    assertThat(d)
        .isEqualTo(
            new Merge.Decision(
                Merge.Action.KEEP_AS_NEW,
                new Merge.Side(local.hash(), decided, clock),
                clock,
                true,
                ConflictPolicy.ACTIVE_WINS));
    assertThat(d.version().clock()).isEqualTo(clock);
  }

  @Test
  void thePassiveSideTakesTheActiveSidesOlderValueAsANewDecidedVersion() {
    Merge.Side local = edit("b", T + 7, B);
    Merge.Side incoming = edit("a", T, A);
    Merge.Decision d = decide(local, incoming, ConflictPolicy.ACTIVE_WINS, false);
    assertThat(d.action()).isEqualTo(Merge.Action.TAKE_AS_NEW);
    assertThat(d.version().hash()).isEqualTo(incoming.hash());
    assertThat(d.version().stamp()).isEqualTo(new Stamp(T + 8, A, true));
    assertThat(d.conflict()).isTrue();
    assertThat(d.rule()).isEqualTo(ConflictPolicy.ACTIVE_WINS);
    assertThat(d.takesValue()).isTrue();
  }

  @Test
  void passiveWinsIsTheMirrorOfActiveWins() {
    Merge.Side atActive = edit("a", T, A);
    Merge.Side atPassive = edit("b", T + 7, B);
    assertThat(decide(atActive, atPassive, ConflictPolicy.PASSIVE_WINS, true).action())
        .isEqualTo(Merge.Action.TAKE);
    assertThat(decide(atPassive, atActive, ConflictPolicy.PASSIVE_WINS, false).action())
        .isEqualTo(Merge.Action.KEEP);
    Merge.Side olderAtPassive = edit("b", T - 7, B);
    assertThat(decide(atActive, olderAtPassive, ConflictPolicy.PASSIVE_WINS, true).action())
        .isEqualTo(Merge.Action.TAKE_AS_NEW);
    assertThat(decide(olderAtPassive, atActive, ConflictPolicy.PASSIVE_WINS, false).action())
        .isEqualTo(Merge.Action.KEEP_AS_NEW);
  }

  @Test
  void theDecidedVersionIsTheSameWhicheverEndDecides() {
    Merge.Side atActive = edit("a", T, A);
    Merge.Side atPassive = edit("b", T + 3, B);
    Merge.Decision active = decide(atActive, atPassive, ConflictPolicy.ACTIVE_WINS, true);
    Merge.Decision passive = decide(atPassive, atActive, ConflictPolicy.ACTIVE_WINS, false);
    assertThat(active.action()).isEqualTo(Merge.Action.KEEP_AS_NEW);
    assertThat(passive.action()).isEqualTo(Merge.Action.TAKE_AS_NEW);
    assertThat(active.version()).isEqualTo(passive.version());
    assertThat(active.version().stamp()).isEqualTo(new Stamp(T + 4, A, true));
    assertThat(active.known()).isEqualTo(passive.known());
  }

  /**
   * Two decisions of different conflicts, neither having seen the other, are a conflict like any
   * other, decided by the policy: the active side's last decision here wins over the passive side's
   * decision of an older edit (the pair simulation found the old rule, "the greater decision",
   * ending with an edit the active side had replaced).
   */
  @Test
  void twoDecisionsOfDifferentConflictsAreDecidedByThePolicy() {
    Merge.Side lesser =
        new Merge.Side(
            ValueHash.of("a"), new Stamp(T + 4, A, true), Clock.of(Map.of(A, T, B, T + 3)));
    Merge.Side greater =
        new Merge.Side(
            ValueHash.of("b"), new Stamp(T + 4, B, true), Clock.of(Map.of("c", T + 3, B, T)));
    Merge.Decision keep = decide(lesser, greater, ConflictPolicy.ACTIVE_WINS, true);
    Merge.Decision take = decide(greater, lesser, ConflictPolicy.ACTIVE_WINS, false);
    assertThat(keep.action()).isEqualTo(Merge.Action.KEEP_AS_NEW);
    assertThat(take.action()).isEqualTo(Merge.Action.TAKE_AS_NEW);
    assertThat(keep.version()).isEqualTo(take.version());
    assertThat(keep.version().hash()).isEqualTo(ValueHash.of("a"));
    assertThat(keep.conflict()).isTrue();
    assertThat(keep.rule()).isEqualTo(ConflictPolicy.ACTIVE_WINS);
    Merge.Decision newest = decide(lesser, greater, ConflictPolicy.NEWEST_WINS, true);
    assertThat(newest.action()).isEqualTo(Merge.Action.TAKE);
    assertThat(newest.version()).isEqualTo(greater);
  }

  @Test
  void aDecidedVersionHasSeenBothItCameFromAndIsSeenByWhoeverHasSeenBoth() {
    Merge.Side local = edit("a", T, A);
    Merge.Side incoming = edit("b", T + 7, B);
    Merge.Side decided = decide(local, incoming, ConflictPolicy.ACTIVE_WINS, true).version();
    assertThat(Merge.hasSeen(decided.clock(), local)).isTrue();
    assertThat(Merge.hasSeen(decided.clock(), incoming)).isTrue();
    assertThat(Merge.hasSeen(local.clock().merge(incoming.clock()), decided)).isTrue();
    assertThat(Merge.hasSeen(local.clock(), decided)).isFalse();
    assertThat(decide(decided, incoming, ConflictPolicy.ACTIVE_WINS, true).action())
        .isEqualTo(Merge.Action.KEEP);
    assertThat(decide(incoming, decided, ConflictPolicy.ACTIVE_WINS, false).action())
        .isEqualTo(Merge.Action.TAKE);
    // An edit made elsewhere after seeing both sides is no conflict with the decision.
    Merge.Side later =
        Merge.edit(incoming, local.clock().merge(incoming.clock()), ValueHash.of("c"), MILLIS, B);
    Merge.Decision d = decide(decided, later, ConflictPolicy.ACTIVE_WINS, true);
    assertThat(d.conflict()).isFalse();
    assertThat(d.action()).isEqualTo(Merge.Action.TAKE);
  }
}

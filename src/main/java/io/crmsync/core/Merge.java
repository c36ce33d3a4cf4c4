package io.crmsync.core;

import java.util.Objects;

/**
 * The per-field merge: what a program does when a version of a field arrives and it holds another.
 * Pure: no database, no JSON. The applier and the quarantine's retry both decide through {@link
 * #decide}, the versioner makes edits through {@link #edit}, and the property tests drive this same
 * code through simulated programs.
 *
 * <p>Versions are totally ordered ({@link #compare}: stamp, then value), and every program keeps,
 * per field, the greatest version it knows; that alone makes all programs converge. Each version
 * carries a {@link Clock} of what it was made knowing, and each program keeps, per field, the clock
 * of everything it has received ({@code known}). A version has been seen by a clock that reaches
 * all of its own clock ({@link #hasSeen}; a decision's own entry aside: whoever has seen both sides
 * of a conflict has seen its decision). Of two versions with different values, the one made knowing
 * the other wins; should it be the smaller one (a decision elsewhere is stamped a tick above what
 * it decided, and an edit made knowing both sides may be stamped no higher), it is written again
 * with a decided stamp above both. Versions where neither has seen the other are a
 * <em>conflict</em>, unless both arrived through the same sync (the peer already ordered them).
 *
 * <p>The sync's {@link ConflictPolicy} picks the winner of a conflict; when that is not the greater
 * version, the program writes the winner's value again with a new, greater, <em>decided</em> stamp
 * (its time one tick after both, the winner's origin; its clock both sides' clocks), which plain
 * ordering then carries everywhere. The decided version is a function of the two versions and the
 * winner, so two programs that decide the same conflict alike make the same version. Two decisions
 * that have each seen both sides of the other (one conflict decided differently, where the policies
 * of a network contradict each other) go to the greater; two decisions of different conflicts are a
 * conflict like any other. A decision knows both sides, so every answer to a decision has seen more
 * than the decision did: the property tests (io.crmsync.core, test sources) find every network of
 * 2 to 5 programs, whatever its policies, losses and clocks, settling to one value.
 */
public final class Merge {
  /**
   * One version of a field.
   *
   * @param hash the value's {@link ValueHash}
   * @param stamp who made it and when
   * @param clock what it was made knowing, itself included
   */
  public record Side(String hash, Stamp stamp, Clock clock) {
    public Side {
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(stamp, "stamp");
      clock = clock == null ? Clock.of(stamp) : clock.with(stamp);
    }
  }

  /** What happens to the field. */
  public enum Action {
    /** The local version stays as it is. */
    KEEP,
    /** The received version replaces the local one, as it is. */
    TAKE,
    /** The local value stays, with a decided stamp: the policy kept what the order would lose. */
    KEEP_AS_NEW,
    /** The received value is written with a decided stamp: the policy took what the order would not. */
    TAKE_AS_NEW
  }

  /**
   * The outcome.
   *
   * @param version the field's version afterwards (for the *_AS_NEW actions a new one)
   * @param known what the program knows of the field afterwards
   * @param conflict whether the two versions were a conflict
   * @param rule the policy that decided a conflict (null when there was none)
   */
  public record Decision(
      Action action, Side version, Clock known, boolean conflict, ConflictPolicy rule) {
    /** Whether the received value is written. */
    public boolean takesValue() {
      return action == Action.TAKE || action == Action.TAKE_AS_NEW;
    }

    /** Whether the field gets a version it did not have (and so is journaled to the peers). */
    public boolean changesVersion() {
      return action != Action.KEEP;
    }
  }

  private Merge() {}

  /** The order of versions: stamp, then the value's hash (only decided stamps ever tie). */
  public static int compare(Side a, Side b) {
    int byStamp = a.stamp().compareTo(b.stamp());
    return byStamp != 0 ? byStamp : a.hash().compareTo(b.hash());
  }

  /**
   * Whether {@code knowledge} has seen version {@code v}: it reaches every entry of v's clock (for
   * a decided version, every entry but the decision's own).
   */
  public static boolean hasSeen(Clock knowledge, Side v) {
    return knowledge.dominates(v.clock(), v.stamp().decided() ? v.stamp() : null);
  }

  /**
   * A local edit of a field: its version, made at {@code editMillis} (this program's clock) by
   * program {@code origin}, after the field's current version and everything the program knows of
   * the field ({@code known}, null for just the current version's clock).
   */
  public static Side edit(Side current, Clock known, String hash, long editMillis, String origin) {
    long hlc = Hlc.next(editMillis, current == null ? 0 : current.stamp().hlc());
    Clock base = known == null ? Clock.EMPTY : known;
    if (current != null) {
      base = base.merge(current.clock());
    }
    Stamp stamp = Stamp.of(hlc, origin);
    return new Side(hash, stamp, base.with(stamp));
  }

  /**
   * Decides a received version against the local one.
   *
   * @param local the local version; null if the field has none yet
   * @param known what this program knows of the field (null: just the local version's clock)
   * @param localFromThisSync whether the local version arrived through the same sync as {@code
   *     incoming}: then the peer sent both and already ordered them, and they are no conflict here
   * @param hereActive whether this program is the active side of that sync
   */
  public static Decision decide(
      Side local,
      Clock known,
      boolean localFromThisSync,
      Side incoming,
      ConflictPolicy policy,
      boolean hereActive) {
    Clock k = known == null ? Clock.EMPTY : known;
    if (local == null) {
      return new Decision(Action.TAKE, incoming, k.merge(incoming.clock()), false, null);
    }
    k = k.merge(local.clock());
    Clock after = k.merge(incoming.clock());
    int order = compare(incoming, local);
    if (order == 0) {
      return new Decision(Action.KEEP, local, after, false, null);
    }
    boolean incomingGreater = order > 0;
    if (incoming.hash().equals(local.hash())) {
      return greater(incomingGreater, local, incoming, after, false, null);
    }
    boolean seenHere = hasSeen(k, incoming);
    boolean seenThere = hasSeen(incoming.clock(), local);
    if (seenHere != seenThere) {
      // One was made (or decided) knowing the other: it wins, re-stamped if it is the smaller one.
      boolean localWins = seenHere;
      if (localWins != incomingGreater) {
        return greater(incomingGreater, local, incoming, after, false, null);
      }
      return decided(local, incoming, localWins, incomingGreater, after, false, null);
    }
    if (seenHere || localFromThisSync) {
      // Each has seen the other (two decisions of one conflict), or the peer sent both: the order.
      return greater(incomingGreater, local, incoming, after, false, null);
    }
    ConflictPolicy rule = policy;
    boolean localWins =
        switch (rule) {
          case NEWEST_WINS -> !incomingGreater;
          case ACTIVE_WINS -> hereActive;
          case PASSIVE_WINS -> !hereActive;
        };
    if (localWins != incomingGreater) { // the policy's winner is the greater version
      return greater(incomingGreater, local, incoming, after, true, rule);
    }
    return decided(local, incoming, localWins, incomingGreater, after, true, rule);
  }

  /**
   * The winner, which is the smaller version, written again with a decided stamp above both: one
   * tick after the greater, the winner's origin, both clocks.
   */
  private static Decision decided(
      Side local,
      Side incoming,
      boolean localWins,
      boolean incomingGreater,
      Clock after,
      boolean conflict,
      ConflictPolicy rule) {
    Side greater = incomingGreater ? incoming : local;
    Side winner = localWins ? local : incoming;
    Stamp stamp = new Stamp(greater.stamp().hlc() + 1, winner.stamp().origin(), true);
    Side decided = new Side(winner.hash(), stamp, local.clock().merge(incoming.clock()).with(stamp));
    return new Decision(
        localWins ? Action.KEEP_AS_NEW : Action.TAKE_AS_NEW, decided, after.with(stamp), conflict, rule);
  }

  private static Decision greater(
      boolean incomingGreater, Side local, Side incoming, Clock after, boolean conflict, ConflictPolicy rule) {
    return incomingGreater
        ? new Decision(Action.TAKE, incoming, after, conflict, rule)
        : new Decision(Action.KEEP, local, after, conflict, rule);
  }
}

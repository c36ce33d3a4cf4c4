package io.crmsync.core;

import java.util.Objects;

/**
 * The per-field merge: what a program does when a version of a field arrives and it holds another.
 * Pure: no database, no JSON. The applier and the quarantine's retry both decide through {@link
 * #decide}, and the property tests drive this same code through simulated programs.
 *
 * <p>Versions are totally ordered ({@link #compare}: stamp, then value), and every program keeps,
 * per field, the greatest version it knows; that alone makes all programs converge. A version also
 * names the version it replaced where it was made (its base): a version whose base is at least the
 * other one was made after seeing it, and simply wins. Two versions with different values where
 * neither has seen the other are a <em>conflict</em>. The sync's {@link ConflictPolicy} picks the
 * winner; when that is not the greater version, the program writes the winner's value again with a
 * new, greater, <em>decided</em> stamp (its time one tick after both, the winner's origin), which
 * plain ordering then carries everywhere. The decided stamp is a function of the two versions and
 * the winner, so two programs that decide the same conflict alike make the same version. A conflict
 * between two decided versions goes to the greater one: decisions are never fought over, which is
 * what makes every conflict end, even where the policies of a network contradict each other.
 */
public final class Merge {
  /**
   * One version of a field.
   *
   * @param hash the value's {@link ValueHash}
   * @param stamp who made it and when
   * @param base the stamp of the version it replaced where it was made; null when unknown or none
   */
  public record Side(String hash, Stamp stamp, Stamp base) {
    public Side {
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(stamp, "stamp");
    }
  }

  /** What happens to the field. */
  public enum Action {
    /** The local version stays as it is. */
    KEEP,
    /** The received version replaces the local one, as it is. */
    TAKE,
    /** The local value stays, with the decided stamp: the policy kept what the order would lose. */
    KEEP_AS_NEW,
    /** The received value is written with the decided stamp: the policy took what the order would not. */
    TAKE_AS_NEW
  }

  /**
   * The outcome.
   *
   * @param stamp the field's stamp afterwards
   * @param base the field's base afterwards
   * @param conflict whether the two versions were a conflict
   * @param rule the policy that decided a conflict (null when there was none)
   */
  public record Decision(Action action, Stamp stamp, Stamp base, boolean conflict, ConflictPolicy rule) {
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

  /** Whether {@code x} was made after seeing {@code y} (or a version after it). */
  public static boolean hasSeen(Side x, Side y) {
    return x.base() != null && x.base().compareTo(y.stamp()) >= 0;
  }

  /** Whether two versions are a conflict: different values, neither made after seeing the other. */
  public static boolean conflict(Side a, Side b) {
    if (a.hash().equals(b.hash())) {
      return false;
    }
    return !hasSeen(a, b) && !hasSeen(b, a);
  }

  /**
   * Decides a received version against the local one.
   *
   * @param local the local version; null if the field has none yet
   * @param hereActive whether this program is the active side of the sync it came through
   */
  public static Decision decide(Side local, Side incoming, ConflictPolicy policy, boolean hereActive) {
    if (local == null) {
      return new Decision(Action.TAKE, incoming.stamp(), incoming.base(), false, null);
    }
    int order = compare(incoming, local);
    if (order == 0) {
      return keep(local, false, null);
    }
    boolean incomingGreater = order > 0;
    if (!conflict(incoming, local)) {
      return incomingGreater
          ? new Decision(Action.TAKE, incoming.stamp(), incoming.base(), false, null)
          : keep(local, false, null);
    }
    ConflictPolicy rule =
        incoming.stamp().decided() && local.stamp().decided() ? ConflictPolicy.NEWEST_WINS : policy;
    boolean localWins =
        switch (rule) {
          case NEWEST_WINS -> !incomingGreater;
          case ACTIVE_WINS -> hereActive;
          case PASSIVE_WINS -> !hereActive;
        };
    if (localWins != incomingGreater) { // the policy's winner is the greater version
      return incomingGreater
          ? new Decision(Action.TAKE, incoming.stamp(), incoming.base(), true, rule)
          : keep(local, true, rule);
    }
    Side greater = incomingGreater ? incoming : local;
    Side winner = localWins ? local : incoming;
    Stamp decided = new Stamp(greater.stamp().hlc() + 1, winner.stamp().origin(), true);
    return new Decision(
        localWins ? Action.KEEP_AS_NEW : Action.TAKE_AS_NEW, decided, greater.stamp(), true, rule);
  }

  private static Decision keep(Side local, boolean conflict, ConflictPolicy rule) {
    return new Decision(Action.KEEP, local.stamp(), local.base(), conflict, rule);
  }
}

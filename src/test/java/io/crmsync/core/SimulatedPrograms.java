package io.crmsync.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Programs joined by syncs, each keeping per field its version, what it knows of the field (a
 * {@link Clock}) and the sync the version arrived through, making edits with the production {@link
 * Merge#edit} and deciding every arrival with {@link Merge#decide}, the way the versioner and the
 * applier do. Messages wait in one queue per sync and direction until acknowledged, so a lost one
 * is sent again; a version taken as it is is not echoed to the sync it came from, a decided one
 * goes to every sync. Besides the versions, the simulation records which edits each program has
 * received (directly or inside a decided version), independently of the clocks, so that the tests
 * can tell which edit was made after seeing all the others.
 */
final class SimulatedPrograms {
  /** Epoch millis of the simulated start: any real-looking time, far from 0. */
  static final long START_MILLIS = 1_732_000_000_000L;

  /** A field's version at a program; {@code history} is the ids of the edits it was made from. */
  record Version(String value, Merge.Side side, Set<Integer> history) {}

  /** A user edit, with what its program had received of the field when it was made. */
  record Edit(int id, int program, int field, String value, Merge.Side side, Set<Integer> seen) {}

  /** One arrival at program {@code here} over sync {@code sync}, and what was decided. */
  record Received(
      int here, int sync, int field, Version local, Version incoming, Merge.Decision decision) {}

  /** A version on its way over sync {@code sync} to its {@code toActive} end. */
  record Message(int sync, boolean toActive, int field, Version version) {}

  /** No sync: a local edit or a local decision. */
  static final int NO_SYNC = -1;

  private final Network network;
  private final Version[][] versions;
  private final Clock[][] known;
  private final int[][] arrivedThrough;
  private final List<List<Set<Integer>>> received = new ArrayList<>();
  private final List<List<Message>> queues = new ArrayList<>();
  private final List<Edit> edits = new ArrayList<>();
  private final List<Received> decisions = new ArrayList<>();
  private final List<String> trace = new ArrayList<>();
  private final List<String> redeliveryChanges = new ArrayList<>();
  private long nowMillis = START_MILLIS;
  private int deliveries;
  private boolean settled;

  SimulatedPrograms(Network network) {
    this.network = network;
    versions = new Version[network.programs()][network.fields()];
    known = new Clock[network.programs()][network.fields()];
    arrivedThrough = new int[network.programs()][network.fields()];
    for (int[] perField : arrivedThrough) {
      Arrays.fill(perField, NO_SYNC);
    }
    for (int p = 0; p < network.programs(); p++) {
      List<Set<Integer>> perField = new ArrayList<>();
      for (int f = 0; f < network.fields(); f++) {
        perField.add(new HashSet<>());
      }
      received.add(perField);
    }
    for (int q = 0; q < 2 * network.syncs().size(); q++) {
      queues.add(new ArrayList<>());
    }
  }

  /** Plays the steps, then delivers everything without loss, at most {@code settleBound} times. */
  static SimulatedPrograms run(Network network, int settleBound) {
    SimulatedPrograms programs = new SimulatedPrograms(network);
    for (Network.Step step : network.steps()) {
      programs.play(step);
    }
    programs.settled = programs.settle(new Random(network.settleSeed()), settleBound);
    return programs;
  }

  void play(Network.Step step) {
    if (step instanceof Network.Edit e) {
      nowMillis += e.advanceMillis();
      edit(
          Math.floorMod(e.program(), network.programs()),
          Math.floorMod(e.field(), network.fields()),
          e.value());
    } else if (step instanceof Network.Deliver d) {
      deliverPicked(d.channelPick(), d.messagePick(), d.fault());
    }
  }

  /** A user edit at {@code program}, at its own (skewed) clock. */
  void edit(int program, int field, String value) {
    Version current = versions[program][field];
    long wall = nowMillis + network.skews().get(program);
    Merge.Side side =
        Merge.edit(
            side(current),
            known[program][field],
            ValueHash.of(value),
            wall,
            network.origins().get(program));
    Set<Integer> seen = Set.copyOf(received.get(program).get(field));
    int id = edits.size();
    edits.add(new Edit(id, program, field, value, side, seen));
    received.get(program).get(field).add(id);
    Set<Integer> history = new HashSet<>(seen);
    history.add(id);
    trace.add("edit e" + id + " at P" + program + " f" + field + " = " + Shown.side(value, side));
    known[program][field] = side.clock();
    arrivedThrough[program][field] = NO_SYNC;
    changed(program, field, new Version(value, side, Set.copyOf(history)), NO_SYNC);
  }

  /** Sets the global clock to {@code millis} after the start (each program adds its skew). */
  void at(long millis) {
    nowMillis = START_MILLIS + millis;
  }

  /** Delivers the oldest pending message from one program to the other. */
  void deliverOldest(int from, int to) {
    receive(queue(from, to).remove(0));
  }

  /** Delivers the newest pending message from one program to the other, ahead of older ones. */
  void deliverNewest(int from, int to) {
    List<Message> queue = queue(from, to);
    receive(queue.remove(queue.size() - 1));
  }

  private List<Message> queue(int from, int to) {
    for (int s = 0; s < network.syncs().size(); s++) {
      Network.Sync sync = network.syncs().get(s);
      if (sync.active() == from && sync.passive() == to) {
        return queues.get(2 * s);
      }
      if (sync.passive() == from && sync.active() == to) {
        return queues.get(2 * s + 1);
      }
    }
    throw new IllegalArgumentException("no sync between P" + from + " and P" + to);
  }

  /**
   * Delivers until no message is pending, in random order, sometimes twice; false past the bound.
   */
  boolean settle(Random random, int bound) {
    while (pending() > 0) {
      if (deliveries >= bound) {
        return false;
      }
      Network.Fault fault = random.nextInt(20) == 0 ? Network.Fault.DUPLICATED : Network.Fault.NONE;
      deliverPicked(random.nextInt(Integer.MAX_VALUE), random.nextInt(Integer.MAX_VALUE), fault);
    }
    return true;
  }

  private void deliverPicked(int channelPick, int messagePick, Network.Fault fault) {
    List<List<Message>> waiting = queues.stream().filter(q -> !q.isEmpty()).toList();
    if (waiting.isEmpty()) {
      return;
    }
    List<Message> queue = waiting.get(Math.floorMod(channelPick, waiting.size()));
    int index = Math.floorMod(messagePick, queue.size());
    switch (fault) {
      case LOST -> trace.add("lost " + describe(queue.get(index)));
      case DUPLICATED -> receive(queue.get(index));
      case NONE -> receive(queue.remove(index));
    }
  }

  private void receive(Message m) {
    deliveries++;
    Network.Sync sync = network.syncs().get(m.sync());
    int here = m.toActive() ? sync.active() : sync.passive();
    int f = m.field();
    Version local = versions[here][f];
    Clock knownBefore = known[here][f];
    Version incoming = m.version();
    Merge.Decision d =
        Merge.decide(
            side(local),
            knownBefore,
            arrivedThrough[here][f] == m.sync(),
            incoming.side(),
            sync.policy(),
            m.toActive());
    received.get(here).get(f).addAll(incoming.history());
    Version next = applied(local, incoming, d);
    trace.add(
        String.format(
            "P%d receives %s holding %s%s: %s%s%s",
            here,
            describe(m),
            local == null ? "nothing" : Shown.version(local),
            local == null || arrivedThrough[here][f] == NO_SYNC
                ? ""
                : " (via " + network.syncs().get(arrivedThrough[here][f]) + ")",
            d.action(),
            d.conflict() ? " (conflict, " + d.rule() + ")" : "",
            d.changesVersion() ? " -> " + Shown.version(next) : ""));
    decisions.add(new Received(here, m.sync(), f, local, incoming, d));
    versions[here][f] = next;
    known[here][f] = d.known();
    switch (d.action()) {
      case KEEP -> {}
      case TAKE -> arrivedThrough[here][f] = m.sync();
      case KEEP_AS_NEW, TAKE_AS_NEW -> arrivedThrough[here][f] = NO_SYNC;
    }
    if (d.changesVersion()) {
      changed(here, f, next, d.action() == Merge.Action.TAKE ? m.sync() : NO_SYNC);
    }
    Merge.Decision again =
        Merge.decide(
            next.side(),
            known[here][f],
            arrivedThrough[here][f] == m.sync(),
            incoming.side(),
            sync.policy(),
            m.toActive());
    if (again.action() != Merge.Action.KEEP || !again.known().equals(known[here][f])) {
      redeliveryChanges.add(describe(m) + " at P" + here + " twice: " + again);
    }
  }

  private static Version applied(Version local, Version incoming, Merge.Decision d) {
    return switch (d.action()) {
      case KEEP -> local;
      case TAKE -> incoming;
      case KEEP_AS_NEW -> decided(local, d, local, incoming);
      case TAKE_AS_NEW -> decided(incoming, d, local, incoming);
    };
  }

  private static Version decided(Version valueOf, Merge.Decision d, Version a, Version b) {
    if (!d.version().hash().equals(valueOf.side().hash())) {
      throw new AssertionError(d.action() + " made " + d.version() + " of " + valueOf);
    }
    Set<Integer> history = new HashSet<>(a.history());
    history.addAll(b.history());
    return new Version(valueOf.value(), d.version(), Set.copyOf(history));
  }

  /**
   * The program's field has a new version: it goes out on its syncs, except back where it came
   * from.
   */
  private void changed(int program, int field, Version version, int notToSync) {
    versions[program][field] = version;
    for (int s = 0; s < network.syncs().size(); s++) {
      Network.Sync sync = network.syncs().get(s);
      if (s != notToSync && (sync.active() == program || sync.passive() == program)) {
        boolean toActive = sync.passive() == program;
        queues.get(2 * s + (toActive ? 1 : 0)).add(new Message(s, toActive, field, version));
      }
    }
  }

  /** Whether the last {@link #run} ended with nothing pending. */
  boolean settled() {
    return settled;
  }

  int pending() {
    return queues.stream().mapToInt(List::size).sum();
  }

  int deliveries() {
    return deliveries;
  }

  Version version(int program, int field) {
    return versions[program][field];
  }

  /** What the program knows of the field. */
  Clock known(int program, int field) {
    return known[program][field];
  }

  /** Every arrival, in order, with its decision. */
  List<Received> decisions() {
    return List.copyOf(decisions);
  }

  List<Edit> edits() {
    return List.copyOf(edits);
  }

  /** The edits of one field, in the order they were made. */
  List<Edit> edits(int field) {
    return edits.stream().filter(e -> e.field() == field).toList();
  }

  /** Deliveries that, made a second time at once, would have changed the field again. */
  List<String> redeliveryChanges() {
    return List.copyOf(redeliveryChanges);
  }

  /** What happened, one line per edit, loss and delivery: for the failure messages. */
  String trace() {
    return String.join("\n", trace);
  }

  private static Merge.Side side(Version v) {
    return v == null ? null : v.side();
  }

  private String describe(Message m) {
    Network.Sync sync = network.syncs().get(m.sync());
    int from = m.toActive() ? sync.passive() : sync.active();
    int to = m.toActive() ? sync.active() : sync.passive();
    return String.format(
        "f%d %s P%d->P%d (%s)", m.field(), Shown.version(m.version()), from, to, sync.policy());
  }
}

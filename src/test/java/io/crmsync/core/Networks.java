package io.crmsync.core;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of simulated networks. Values and clocks are kept few and close together so that ties
 * and conflicts are common; skews reach minutes to put a program's clock well ahead or behind.
 */
final class Networks {
  /** Program ids in the shape of the real ones (UUIDs), in no particular order. */
  private static final List<String> ORIGINS =
      List.of(
          "7f3a9c2e-1b4d-4e8f-9a60-3c5d7e9f1a2b",
          "0c8e4b1a-9d2f-4a7e-8b3c-5f6a1d2e3c4b",
          "c41d7e9a-3f5b-4c2d-a1e8-9b7f6a5d4c3e",
          "3b6f1e8d-7a4c-4b9e-b2d1-8c3a5f7e9d0a",
          "e92b5a7c-4d1f-4e3a-9c8b-2a6d4f1e7b5c",
          "5d0a3c6e-8b2f-4d7a-a9e1-4f3b8c2d6e1a",
          "a17c9e3b-5f8d-4a2c-8e6b-1d9f3a7c5e2b");

  private static final int MAX_PROGRAMS = 5;

  private Networks() {}

  /** 2 to 5 programs in a star, a chain or a ring with one link missing. */
  static Arbitrary<Network> any() {
    return network(Arbitraries.integers().between(2, MAX_PROGRAMS), steps());
  }

  /** Two programs, one sync, with the given steps. */
  static Arbitrary<Network> pair(Arbitrary<List<Network.Step>> steps) {
    return network(Arbitraries.just(2), steps);
  }

  /**
   * Everything is drawn for five programs and cut to the size, rather than drawn after the size, so
   * that jqwik can shrink each part on its own.
   */
  private static Arbitrary<Network> network(
      Arbitrary<Integer> sizes, Arbitrary<List<Network.Step>> steps) {
    return Combinators.combine(
            sizes,
            layouts(),
            origins(),
            skews(),
            Arbitraries.integers().between(1, 3),
            steps,
            Arbitraries.longs())
        .as(
            (n, layout, origins, skews, fields, s, seed) ->
                new Network(
                    layout.shape(),
                    origins.subList(0, n),
                    skews.subList(0, n),
                    layout.syncs(n),
                    fields,
                    s,
                    seed));
  }

  /**
   * How the programs are joined: by shape, in an order, each sync with its active end and policy.
   */
  private record Layout(
      String shape, List<Integer> order, List<Boolean> activeFirst, List<ConflictPolicy> policies) {
    /** A star around the order's first; a chain P0-P1-...; a ring less a link: a chain in order. */
    List<Network.Sync> syncs(int n) {
      List<Integer> joined =
          shape.equals("chain")
              ? IntStream.range(0, n).boxed().toList()
              : order.stream().filter(p -> p < n).toList();
      List<Network.Sync> syncs = new ArrayList<>();
      for (int i = 1; i < n; i++) {
        int a = shape.equals("star") ? joined.get(0) : joined.get(i - 1);
        int b = joined.get(i);
        boolean aActive = activeFirst.get(i - 1);
        syncs.add(new Network.Sync(aActive ? a : b, aActive ? b : a, policies.get(i - 1)));
      }
      return syncs;
    }
  }

  private static Arbitrary<Layout> layouts() {
    return Combinators.combine(
            Arbitraries.of("star", "chain", "ring with one link missing"),
            Arbitraries.shuffle(IntStream.range(0, MAX_PROGRAMS).boxed().toList()),
            Arbitraries.of(true, false).list().ofSize(MAX_PROGRAMS - 1),
            Arbitraries.of(ConflictPolicy.class).list().ofSize(MAX_PROGRAMS - 1))
        .as(Layout::new);
  }

  private static Arbitrary<List<String>> origins() {
    return Arbitraries.of(ORIGINS).list().uniqueElements().ofSize(MAX_PROGRAMS);
  }

  private static Arbitrary<List<Long>> skews() {
    Arbitrary<Long> skew =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(0L)),
            Tuple.of(3, Arbitraries.longs().between(-3, 3)),
            Tuple.of(2, Arbitraries.longs().between(-300_000, 300_000)));
    return skew.list().ofSize(MAX_PROGRAMS);
  }

  /** Edits and delivery attempts with loss and duplicates, mixed. */
  static Arbitrary<List<Network.Step>> steps() {
    Arbitrary<Network.Step> step =
        Arbitraries.frequencyOf(Tuple.of(2, edits()), Tuple.of(3, deliveries()));
    return step.list().ofMinSize(1).ofMaxSize(40);
  }

  static Arbitrary<Network.Edit> edits() {
    Arbitrary<Integer> advance =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(0, 3)),
            Tuple.of(1, Arbitraries.integers().between(4, 120_000)));
    return Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 2),
            Arbitraries.of("a", "b", "c").injectNull(0.25),
            advance)
        .as(Network.Edit::new);
  }

  static Arbitrary<Network.Deliver> deliveries() {
    Arbitrary<Network.Fault> fault =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just(Network.Fault.NONE)),
            Tuple.of(2, Arbitraries.just(Network.Fault.LOST)),
            Tuple.of(2, Arbitraries.just(Network.Fault.DUPLICATED)));
    return Combinators.combine(
            Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 19), fault)
        .as(Network.Deliver::new);
  }
}

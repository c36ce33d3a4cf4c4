package io.crmsync.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code deploy/bench.sh --seal-compare}: what sealing (issue 21) costs. The initial loads (HTTP, LOCAL,
 * FTP) and the steady-state latency are measured on programs that seal, and again on programs both started
 * with {@code -Dcrmsync.bench.unsealed=true} (a JVM flag of the benchmark alone: such a program writes its
 * messages unsealed, and a sealing program refuses them), each on fresh databases and fresh programs. With
 * {@code BENCH_SEAL_ROUNDS=n} the pair of runs is repeated n times, alternating which goes first (ABBA), so
 * that the spread between runs of one variant can be set beside the difference between the variants.
 */
final class SealCompare {
    static final String UNSEALED_FLAG = io.crmsync.security.Seal.UNSEALED_FLAG;
    static final String SEALED = "sealed";
    static final String UNSEALED = "unsealed";

    private SealCompare() {}

    static void run(Bench bench, int rounds) throws Exception {
        Results results = bench.results();
        String base = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "");
        List<String> variants = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean sealedFirst = round % 2 == 0;
            for (boolean unsealed : new boolean[] {!sealedFirst, sealedFirst}) {
                String variant = (unsealed ? UNSEALED : SEALED) + (rounds > 1 ? " " + (round + 1) : "");
                variants.add(variant);
                results.variant = variant;
                Bench.step("seal comparison: programs " + variant);
                bench.loadsAndLatency((base + (unsealed ? " -D" + UNSEALED_FLAG + "=true" : "")).trim());
            }
        }
        results.variant = "";
        results.config.put("sealCompare", variants + " (" + rounds + " round(s), ABBA)");
        summarise(results, variants);
    }

    /** One row per measurement: each run's figure per variant, the means, and their ratio. */
    private static void summarise(Results results, List<String> variants) {
        Map<String, Function<Map<?, ?>, Object>> figures = new LinkedHashMap<>();
        figures.put("initial load HTTP, rows/s", load -> load.get("httpRowsPerSecond"));
        figures.put("initial load HTTP after the first row, rows/s", load -> load.get("httpRowsPerSecondAfterFirst"));
        for (String transport : Bench.FOLDER_TRANSPORTS) {
            figures.put("initial load " + transport + ", rows/s",
                    load -> load.get(transport) instanceof Map<?, ?> m ? m.get("rowsPerSecond") : null);
        }
        Map<String, Object> summary = results.section("sealComparison");
        for (Map.Entry<String, Function<Map<?, ?>, Object>> f : figures.entrySet()) {
            compare(results, summary, f.getKey(), variants,
                    v -> results.figures.get("initialLoad [" + v + "]") instanceof Map<?, ?> m ? f.getValue().apply(m) : null,
                    true);
        }
        for (String percentile : List.of("p50Ms", "p99Ms")) {
            for (String k : List.of("100", "1000", "5000")) {
                compare(results, summary, "latency " + percentile.substring(0, 3) + " at K=" + k + "/s, ms", variants,
                        v -> level(results, v, Integer.parseInt(k), percentile), false);
            }
        }
    }

    private static Object level(Results results, String variant, int k, String key) {
        if (results.figures.get("steadyState [" + variant + "]") instanceof Map<?, ?> s
                && s.get("levels") instanceof List<?> levels) {
            for (Object l : levels) {
                if (l instanceof Map<?, ?> m && Integer.valueOf(k).equals(m.get("k"))) {
                    return m.get(key);
                }
            }
        }
        return null;
    }

    private static void compare(Results results, Map<String, Object> summary, String what, List<String> variants,
            Function<String, Object> figure, boolean higherIsBetter) {
        Map<String, List<Double>> byVariant = new LinkedHashMap<>();
        for (String v : variants) {
            if (figure.apply(v) instanceof Number n) {
                byVariant.computeIfAbsent(v.split(" ")[0], x -> new ArrayList<>()).add(n.doubleValue());
            }
        }
        List<Double> sealed = byVariant.getOrDefault(SEALED, List.of());
        List<Double> unsealed = byVariant.getOrDefault(UNSEALED, List.of());
        double ratio = mean(sealed) / mean(unsealed);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SEALED, sealed);
        m.put(UNSEALED, unsealed);
        m.put("sealedToUnsealed", ratio);
        m.put("spreadSealed", spread(sealed));
        m.put("spreadUnsealed", spread(unsealed));
        summary.put(what, m);
        results.row("Seal cost: " + what, "sealed " + list(sealed) + ", unsealed " + list(unsealed) + "; sealed / unsealed "
                + Results.fmt(ratio, 3) + (higherIsBetter ? " (higher is better)" : " (lower is better)")
                + (sealed.size() > 1 || unsealed.size() > 1 ? "; spread between runs " + Results.fmt(100 * spread(sealed), 0)
                        + "% / " + Results.fmt(100 * spread(unsealed), 0) + "%" : ""), null, null);
    }

    private static String list(List<Double> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(Results.fmt(v, 0)));
        return String.join(" / ", out);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** (max - min) / mean of one variant's runs; NaN for a single run. */
    private static double spread(List<Double> values) {
        if (values.size() < 2) {
            return Double.NaN;
        }
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        return (max - min) / mean(values);
    }
}

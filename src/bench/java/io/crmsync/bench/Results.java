package io.crmsync.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured: the machine, a figure tree for results.json, the rows of the printed
 * table (measurement, result, target, met), the latency levels for the chart, and notes (errors, skips);
 * rows, sections and levels of a variant (--seal-compare) carry its name.
 */
final class Results {

    /** A row of the summary table; {@code met}: "yes", "no" or "" (no target). */
    record Row(String measurement, String result, String target, String met) {
    }

    final Map<String, Object> machine = new LinkedHashMap<>();
    final Map<String, Object> figures = new LinkedHashMap<>();
    final List<Row> rows = new ArrayList<>();
    final List<LatencyProbe.Level> levels = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final Map<String, Object> config = new LinkedHashMap<>();
    /** The variant of the programs being measured (--seal-compare: "sealed", "unsealed"); "" otherwise. */
    String variant = "";
    /** The variant of each latency level, in the order of {@link #levels}. */
    final List<String> levelVariants = new ArrayList<>();

    void row(String measurement, String result, String target, Boolean met) {
        rows.add(new Row(measurement + suffix(), result, target == null ? "" : target,
                met == null ? "" : met ? "yes" : "NO"));
    }

    void level(LatencyProbe.Level level) {
        levels.add(level);
        levelVariants.add(variant);
    }

    /** What the labels of the current variant end with. */
    String suffix() {
        return variant.isEmpty() ? "" : " [" + variant + "]";
    }

    void note(String text) {
        notes.add(text);
        System.out.println("  note: " + text);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> section(String name) {
        return (Map<String, Object>) figures.computeIfAbsent(name + suffix(), k -> new LinkedHashMap<String, Object>());
    }

    static String fmt(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%,." + decimals + "f", v);
    }
}

package io.crmsync.bench;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Prints the summary table and writes results.json, report.md and latency.png. */
final class ReportWriter {

    private ReportWriter() {
    }

    static String table(Results r) {
        List<Results.Row> rows = r.rows;
        int[] w = {"Measurement".length(), "Result".length(), "Target".length(), "Met".length()};
        for (Results.Row row : rows) {
            w[0] = Math.max(w[0], row.measurement().length());
            w[1] = Math.max(w[1], row.result().length());
            w[2] = Math.max(w[2], row.target().length());
        }
        StringBuilder sb = new StringBuilder();
        String sep = "+" + "-".repeat(w[0] + 2) + "+" + "-".repeat(w[1] + 2) + "+" + "-".repeat(w[2] + 2) + "+"
                + "-".repeat(w[3] + 2) + "+\n";
        sb.append(sep).append(line(w, "Measurement", "Result", "Target", "Met")).append(sep);
        for (Results.Row row : rows) {
            sb.append(line(w, row.measurement(), row.result(), row.target(), row.met()));
        }
        return sb.append(sep).toString();
    }

    private static String line(int[] w, String... cells) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ').append(cells[i]).append(" ".repeat(w[i] - cells[i].length())).append(" |");
        }
        return sb.append('\n').toString();
    }

    static String machineLine(Results r) {
        Map<String, Object> m = r.machine;
        return m.get("cores") + " cores, " + m.get("memoryMb") + " MB RAM, Java " + m.get("java") + ", "
                + m.get("postgresql") + ", " + m.get("os") + "; load average at start " + m.get("loadAverageAtStart");
    }

    static void writeAll(Results r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.json"), json(r), StandardCharsets.UTF_8);
        chart(r, dir.resolve("latency.png"));
        Files.writeString(dir.resolve("report.md"), markdown(r), StandardCharsets.UTF_8);
    }

    private static String markdown(Results r) {
        StringBuilder sb = new StringBuilder("# crm-sync benchmark (" + r.config.get("mode") + ")\n\n");
        sb.append("Machine: ").append(machineLine(r)).append(".  \n");
        sb.append("Run: ").append(r.machine.get("startedAt")).append(" to ").append(r.machine.get("finishedAt"))
                .append("; load average at the end ").append(r.machine.get("loadAverageAtEnd")).append(".\n\n");
        sb.append("Every figure below was measured in this run (`deploy/bench.sh");
        sb.append("quick".equals(r.config.get("mode")) ? " --quick" : "").append("`); the raw figures are in ");
        sb.append("`results.json`.\n\n");
        sb.append("| Measurement | Result | Target | Met |\n|---|---|---|---|\n");
        for (Results.Row row : r.rows) {
            sb.append("| ").append(row.measurement()).append(" | ").append(row.result()).append(" | ")
                    .append(row.target()).append(" | ").append(row.met()).append(" |\n");
        }
        sb.append("\n![change latency](latency.png)\n\n## Sizes\n\n");
        r.config.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        Object idle = r.figures.get("idle");
        if (idle instanceof Map<?, ?> m) {
            sb.append("\n## Statements per idle window (most frequent first)\n");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> w && w.get("topStatements") instanceof Map<?, ?> top) {
                    sb.append("\n### ").append(e.getKey()).append(" (").append(w.get("seconds")).append(" s)\n");
                    top.forEach((side, counts) -> {
                        sb.append("\n").append(side).append(":\n\n");
                        if (counts instanceof Map<?, ?> c) {
                            c.forEach((text, n) -> sb.append("    ").append(n).append(" x ").append(text).append('\n'));
                        }
                        if (w.get("rowsReadByTable") instanceof Map<?, ?> byTable
                                && byTable.get(side) instanceof Map<?, ?> tables && !tables.isEmpty()) {
                            sb.append("\n    rows read, by table: ").append(tables).append('\n');
                        }
                    });
                }
            }
        }
        whereTheTimeGoes(r, sb);
        if (!r.notes.isEmpty()) {
            sb.append("\n## Notes\n\n");
            r.notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /**
     * What bounds the initial load, with this run's own counts; the profile behind it (statement
     * timelines, JFR) is in docs/DECISIONS.md, "Where an initial load's time goes".
     */
    private static void whereTheTimeGoes(Results r, StringBuilder sb) {
        if (!(r.figures.get("initialLoad") instanceof Map<?, ?> load)) {
            return;
        }
        sb.append("\n## Where the initial load's time goes\n\n");
        if (load.get("httpRowsWrittenPerRow") instanceof Map<?, ?> w) {
            sb.append("- For each row loaded over HTTP, crm-sync wrote ").append(number(w.get("A")))
                    .append(" rows of its own in A's database and ").append(number(w.get("B")))
                    .append(" in B's (records, versions, journal, change log), besides the CRM row and its capture"
                            + " row in B; the JDBC copy writes the row alone. B's share is mostly the change log:"
                            + " one row per field received, which the product promises (field, old and new value).\n");
        }
        sb.append("- One exchange is a chain: A reads and versions a batch, sends it, B versions its own writes of"
                + " the previous batch, applies this one with its bookkeeping and answers, A records the"
                + " acknowledgement. Each link waits for the one before; neither JVM nor PostgreSQL is busy"
                + " all the time, so the rate is the batch size over the length of the chain, not a"
                + " saturated resource.\n");
        sb.append("- What would shorten it, each a change of design beyond the benchmark: building the next batch"
                + " while the peer applies the last (two batches in flight), versioning the applier's own"
                + " writes in the applying transaction instead of from their capture rows in the next one,"
                + " and one change-log row per record a load creates. See docs/DECISIONS.md.\n");
    }

    private static String number(Object v) {
        return v instanceof Number n ? Results.fmt(n.doubleValue(), 1) : String.valueOf(v);
    }

    private static void chart(Results r, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int l = 0; l < r.levels.size(); l++) {
            LatencyProbe.Level level = r.levels.get(l);
            String variant = r.levelVariants.get(l);
            XYSeries s = new XYSeries(String.format(java.util.Locale.ROOT, "K = %,d updates/s", level.k())
                    + (variant.isEmpty() ? "" : " [" + variant + "]"));
            double[][] points = level.series();
            for (int i = 0; i < points[0].length; i++) {
                s.add(points[0][i], Math.max(1, points[1][i]));
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(
                "crm-sync: latency from commit in A to visibility in B (period 1 s)",
                "seconds since the writer started (each K in its own run)", "latency (ms, log scale)", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(machineLine(r)));
        XYPlot plot = chart.getXYPlot();
        LogAxis y = new LogAxis("latency (ms, log scale)");
        plot.setRangeAxis(y);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setDefaultStroke(new BasicStroke(1f));
        plot.setRenderer(renderer);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, 650);
    }

    private static String json(Results r) {
        JsonObjectBuilder root = Admin.JSON.createObjectBuilder();
        root.add("machine", value(r.machine));
        root.add("config", value(r.config));
        root.add("figures", value(r.figures));
        JsonArrayBuilder rows = Admin.JSON.createArrayBuilder();
        for (Results.Row row : r.rows) {
            rows.add(Admin.JSON.createObjectBuilder().add("measurement", row.measurement()).add("result", row.result())
                    .add("target", row.target()).add("met", row.met()));
        }
        root.add("table", rows);
        root.add("notes", value(r.notes));
        StringWriter out = new StringWriter();
        try (JsonWriter w = Admin.JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(out)) {
            w.writeObject(root.build());
        }
        return out + "\n";
    }

    private static JsonValue value(Object o) {
        if (o == null) {
            return JsonValue.NULL;
        }
        if (o instanceof Map<?, ?> m) {
            JsonObjectBuilder b = Admin.JSON.createObjectBuilder();
            m.forEach((k, v) -> b.add(String.valueOf(k), value(v)));
            return b.build();
        }
        if (o instanceof Collection<?> c) {
            JsonArrayBuilder b = Admin.JSON.createArrayBuilder();
            c.forEach(v -> b.add(value(v)));
            return b.build();
        }
        if (o instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (o instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? JsonValue.NULL
                    : Admin.JSON.createValue(Math.round(d * 1000) / 1000.0);
        }
        if (o instanceof Long l) {
            return Admin.JSON.createValue(l);
        }
        if (o instanceof Integer i) {
            return Admin.JSON.createValue(i);
        }
        return Admin.JSON.createValue(String.valueOf(o));
    }
}

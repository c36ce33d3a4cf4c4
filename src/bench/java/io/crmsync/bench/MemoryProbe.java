package io.crmsync.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap of a program from its GC log (JAVA_OPTS -Xlog:gc:file=...): the heap in use before each collection
 * is the highest it got to, so the largest "before" value in a window is the window's peak. Also counts
 * full collections and looks for OutOfMemoryError in the program's output.
 */
final class MemoryProbe {

    /** peakMb/afterMb: MB; gcs, fullGcs: collections in the window; oom: OutOfMemoryError in the output. */
    record Heap(double peakMb, double lastAfterMb, double maxMb, int gcs, int fullGcs, double pauseMs, boolean oom) {
    }

    private static final Pattern PAUSE = Pattern.compile(
            "(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)(?:\\s+([0-9.]+)ms)?");

    final Path gcLog;
    private final Program program;
    private long gcFrom;
    private long outFrom;

    MemoryProbe(Program program, Path gcLog) {
        this.program = program;
        this.gcLog = gcLog;
    }

    /** JVM options that make the GC log this probe reads. */
    static String gcLogOption(Path gcLog) {
        return "-Xlog:gc:file=" + gcLog + ":uptime";
    }

    void begin() throws IOException {
        gcFrom = Files.exists(gcLog) ? Files.size(gcLog) : 0;
        outFrom = program.logSize();
    }

    Heap end(double maxMb) throws IOException {
        double peak = 0;
        double lastAfter = 0;
        int gcs = 0;
        int full = 0;
        double pause = 0;
        for (String line : read(gcLog, gcFrom).split("\n")) {
            Matcher m = PAUSE.matcher(line);
            if (line.contains("Pause") && m.find()) {
                gcs++;
                peak = Math.max(peak, mb(m.group(1), m.group(2)));
                lastAfter = mb(m.group(3), m.group(4));
                if (m.group(7) != null) {
                    pause += Double.parseDouble(m.group(7));
                }
                if (line.contains("Pause Full")) {
                    full++;
                }
            }
        }
        boolean oom = read(program.log, outFrom).contains("OutOfMemoryError");
        return new Heap(peak, lastAfter, maxMb, gcs, full, pause, oom);
    }

    private static double mb(String n, String unit) {
        double v = Double.parseDouble(n);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    private static String read(Path file, long from) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            byte[] buf = new byte[(int) Math.max(0, len - from)];
            f.seek(from);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        }
    }
}

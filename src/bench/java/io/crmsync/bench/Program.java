package io.crmsync.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One crm-sync program started with deploy/run-program.sh (which execs java: the process is the JVM).
 * Output goes to target/bench/logs/&lt;name&gt;.log; each pid is appended to target/bench/pids so that
 * bench.sh can kill what is left if the benchmark JVM itself is killed.
 */
final class Program {

    private static final Set<Program> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Program::killAll, "bench-kill-programs"));
    }

    final String name;
    final int port;
    final Path log;
    private final Path repo;
    private final Path workDir;
    private final Path pidFile;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;

    Program(String name, int port, String db, String javaOpts, Path repo, Path benchDir) {
        this.name = name;
        this.port = port;
        this.repo = repo;
        this.workDir = benchDir.resolve("work");
        this.log = benchDir.resolve("logs").resolve(name + ".log");
        this.pidFile = benchDir.resolve("pids");
        env.put("PROGRAM_NAME", name);
        env.put("HTTP_PORT", Integer.toString(port));
        env.put("CRM_JDBC_URL", Pg.url(db) + System.getenv().getOrDefault("BENCH_PROGRAM_JDBC_PARAMS", ""));
        env.put("CRM_JDBC_USER", Pg.USER);
        env.put("CRM_JDBC_PASSWORD", Pg.PASSWORD);
        env.put("CRMSYNC_ADMIN_USER", Admin.USER);
        env.put("CRMSYNC_ADMIN_PASSWORD", Admin.PASSWORD);
        env.put("JAVA_OPTS", javaOpts);
    }

    String javaOpts() {
        return env.get("JAVA_OPTS");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    static void requirePortFree(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return;
        }
        throw new IllegalStateException("port " + port + " is in use (a program left from an earlier run?)");
    }

    void start() throws IOException {
        requirePortFree(port);
        launch();
    }

    private void launch() throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("deploy/run-program.sh").toString())
                .directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        LIVE.add(this);
        Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Waits until /health answers. A program whose boot fails exits (status 1, run-program.sh): it is started
     * again once, saying so; a second exit ends the benchmark.
     */
    void awaitHealthy(Duration timeout) throws InterruptedException, IOException {
        if (awaitHealthyOrExit(timeout)) {
            return;
        }
        System.out.printf("    %s exited with %d during its boot (see %s); starting it again, once%n",
                name, process.exitValue(), log);
        launch();
        if (!awaitHealthyOrExit(timeout)) {
            throw new IllegalStateException(name + " exited with " + process.exitValue()
                    + " during its boot, also when started again (see " + log + ")");
        }
    }

    /** True once healthy, false if the process exited first. */
    private boolean awaitHealthyOrExit(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                return false;
            }
            if (healthy()) {
                return true;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not healthy after " + timeout + " (see " + log + ")");
    }

    /** SIGTERM, SIGKILL after 60 s. */
    void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
    }

    static void killAll() {
        for (Program p : LIVE) {
            Process proc = p.process;
            if (proc != null) {
                proc.descendants().forEach(ProcessHandle::destroyForcibly);
                proc.destroyForcibly();
            }
        }
        LIVE.clear();
    }

    /** Size of this program's log file: lets a probe read only what a phase appended. */
    long logSize() throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    private boolean healthy() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/crmsync/api/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package io.crmsync.e2e;

import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One crm-sync program: {@code bash deploy/run-program.sh} in the repo root with the program's environment,
 * output appended to target/it-logs/&lt;name&gt;.log. The script execs java, so the process is the JVM and
 * {@link #kill()} is a real SIGKILL of the server. A process that exits during its boot (Payara Micro's boot
 * fails now and then on a loaded machine, and the JVM then exits with status 1) is started again once.
 */
final class ProgramProcess {

    /** Bound for one boot; system property crmsync.it.bootTimeoutSeconds overrides it. */
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(Long.getLong("crmsync.it.bootTimeoutSeconds", 240));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Logger LOG = Logger.getLogger(ProgramProcess.class.getName());

    static {
        // Never leave servers behind when the test JVM ends, however it ends.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ProgramProcess::killTree)));
    }

    private final String name;
    private final int port;
    private final Path projectDir;
    private final Map<String, String> env;
    private final Path logFile;
    /** The start script, relative to the repo root; {@code SERVER=wildfly} in the environment runs WildFly. */
    private static final String SCRIPT = "deploy/run-program.sh";
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private volatile Process process;
    private volatile Instant startedAt;
    /** When the current process exited, taken as it happens (the health poll may be waiting on a request). */
    private volatile CompletableFuture<Instant> exitedAt;
    private volatile boolean up;
    private volatile String programId;
    private final List<FailedBoot> failedBoots = new CopyOnWriteArrayList<>();

    /** A process that exited before it answered /health: its exit status and how long after its start. */
    record FailedBoot(int exitCode, Instant startedAt, Instant exitedAt) {
        Duration ran() {
            return Duration.between(startedAt, exitedAt);
        }
    }

    ProgramProcess(String name, int port, Path projectDir, Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.projectDir = projectDir;
        this.env = new LinkedHashMap<>(env);
        this.env.put("PROGRAM_NAME", name);
        this.env.put("HTTP_PORT", Integer.toString(port));
        this.logFile = projectDir.resolve("target/it-logs/" + name + ".log");
    }

    /** Environment for a program whose CRM database is {@code db}, administered by {@code admin}. */
    static Map<String, String> environment(CrmDatabase db, String adminUser, String adminPassword) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CRM_JDBC_URL", db.programJdbcUrl());
        env.put("CRM_JDBC_USER", db.user());
        env.put("CRM_JDBC_PASSWORD", db.password());
        env.put("CRMSYNC_ADMIN_USER", adminUser);
        env.put("CRMSYNC_ADMIN_PASSWORD", adminPassword);
        String javaOpts = System.getProperty("crmsync.it.javaOpts", "");
        if (!javaOpts.isBlank()) {
            env.put("JAVA_OPTS", javaOpts);
        }
        return env;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** http://127.0.0.1:PORT */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Everything the program wrote to its log file so far (all its runs in this build). */
    String log() {
        try {
            return Files.readString(logFile);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The programId reported by /health on the last successful boot. */
    String programId() {
        return programId;
    }

    /** True between a successful {@link #awaitHealthy()} and the next kill/stop. */
    boolean isUp() {
        return up && process != null && process.isAlive();
    }

    /** Fails when something already listens on the port (e.g. a program left over from an aborted run). */
    void assertPortFree() {
        assertPortFree(name, port);
    }

    static void assertPortFree(String name, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return; // nobody listens: free
        }
        throw new AssertionError("port " + port + " for " + name + " is already in use"
                + " (a program left over from an earlier run?)");
    }

    /** Processes of this program that exited during their boot, oldest first (all boots of this object). */
    List<FailedBoot> failedBoots() {
        return List.copyOf(failedBoots);
    }

    /** Launches the program without waiting for it; see {@link #awaitHealthy()}. */
    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Path script = projectDir.resolve(SCRIPT);
        Path war = projectDir.resolve("target/crm-sync.war");
        if (!Files.isRegularFile(script) || !Files.isRegularFile(war)) {
            throw new AssertionError("need " + script + " and " + war + " (run via `mvn verify`, which packages first)");
        }
        assertPortFree();
        launch("starting");
    }

    private void launch(String what) {
        try {
            Files.createDirectories(logFile.getParent());
            appendToLog("\n==== " + Instant.now() + " " + what + " " + name + " on port " + port + " ====\n");
            ProcessBuilder pb = new ProcessBuilder("bash", projectDir.resolve(SCRIPT).toString())
                    .directory(projectDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(env);
            up = false;
            startedAt = Instant.now();
            Process p = pb.start();
            exitedAt = p.onExit().thenApply(ended -> Instant.now());
            process = p;
            LIVE.add(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Waits (bounded) until /health answers 200 UP. A process that exits first is started again once (the
     * port check skipped: it was free a moment ago, and if it is taken now the second boot says so); a
     * second exit fails at once.
     */
    void awaitHealthy() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        FailedBoot failed = awaitHealthyOrExit();
        if (failed == null) {
            return;
        }
        String retry = name + " exited with code " + failed.exitCode() + " during its boot, " + failed.ran().toSeconds()
                + " s after its start; starting it again once";
        LOG.warning(retry);
        appendToLog("\n==== " + retry + " ====\n");
        launch("starting again (once, after a failed boot)");
        failed = awaitHealthyOrExit();
        if (failed != null) {
            throw new AssertionError(name + " exited with code " + failed.exitCode()
                    + " during its boot, also when started again; log tail:\n" + logTail(80));
        }
    }

    /** Null once healthy; the failed boot if the process exited first. */
    private FailedBoot awaitHealthyOrExit() {
        Process p = process;
        Instant started = startedAt;
        CompletableFuture<Instant> exited = exitedAt;
        try {
            await("health of " + name).atMost(BOOT_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> !p.isAlive() || checkHealth());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not become healthy within " + BOOT_TIMEOUT + "; log tail:\n"
                    + logTail(80), e);
        }
        if (p.isAlive()) {
            up = true;
            return null;
        }
        LIVE.remove(p);
        FailedBoot failed = new FailedBoot(p.exitValue(), started, exited.join());
        failedBoots.add(failed);
        return failed;
    }

    /** {@link #start()} + {@link #awaitHealthy()}; stops a running program first. */
    void restart() {
        if (process != null && process.isAlive()) {
            stop();
        }
        start();
        awaitHealthy();
    }

    /** Starts and waits, unless it already runs. */
    void ensureRunning() {
        if (!isUp()) {
            if (process != null && process.isAlive()) {
                kill();
            }
            start();
            awaitHealthy();
        }
    }

    /** SIGKILL (the JVM, and anything it started), then wait for it to be gone. */
    void kill() {
        up = false;
        Process p = process;
        if (p == null) {
            return;
        }
        killTree(p);
        waitFor(p, STOP_TIMEOUT);
        LIVE.remove(p);
    }

    /** SIGTERM (Payara shuts down cleanly); SIGKILL if it does not end in time. */
    void stop() {
        up = false;
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!waitFor(p, STOP_TIMEOUT)) {
            killTree(p);
            waitFor(p, STOP_TIMEOUT);
        }
        LIVE.remove(p);
    }

    private void appendToLog(String text) {
        try {
            Files.writeString(logFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logFile, e);
        }
    }

    /** Last lines of this program's log file (for failure messages). */
    String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log file " + logFile + ")";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + "@" + port;
    }

    private boolean checkHealth() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/crmsync/api/health"))
                            .timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                return false;
            }
            JsonObject health = JsonSupport.parse(r.body()).asJsonObject();
            if (!"UP".equals(health.getString("status", null))) {
                return false;
            }
            programId = health.getString("programId", null);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // not ready yet (connection reset, HTML error page while deploying, ...)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

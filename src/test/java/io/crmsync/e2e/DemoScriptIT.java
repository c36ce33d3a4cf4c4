package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/demo.sh} as a new administrator runs it, with its data in a scratch folder
 * ({@code DEMO_WORK_DIR=target/demo-it}) and on ports 9620/9630 ({@code -Dcrmsync.it.demoPortA/B}): it
 * reaches "Running", the settings address it prints answers, a second demo on the same data refuses at once
 * and deletes nothing of the first's, and Ctrl-C (SIGINT) stops both programs. The WAR is up to date in a
 * {@code mvn verify}, so the script does not build.
 */
class DemoScriptIT {

    static final int PORT_A = Integer.getInteger("crmsync.it.demoPortA", 9620);
    static final int PORT_B = Integer.getInteger("crmsync.it.demoPortB", 9630);
    static final Duration RUNNING_WITHIN = Duration.ofSeconds(Long.getLong("crmsync.it.bootTimeoutSeconds", 240) * 2);
    private static final Pattern SETTINGS_A = Pattern.compile("Program A \\(active\\):\\s+(http://\\S+/crmsync/settings)");

    private final Path projectDir = Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir")))
            .toAbsolutePath();
    private final Path work = projectDir.resolve("target/demo-it");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private Process demo;

    @AfterEach
    void killLeftovers() {
        if (demo != null && demo.isAlive()) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    @Test
    void theDemoRunsRefusesASecondRunWithoutTouchingItsDataAndStopsOnCtrlC() throws Exception {
        ProgramProcess.assertPortFree("demo A", PORT_A);
        ProgramProcess.assertPortFree("demo B", PORT_B);
        deleteRecursively(work);
        Files.createDirectories(work);
        Path firstOut = work.resolve("first.out");
        demo = demoScript(firstOut);

        await("the demo prints that it runs").atMost(RUNNING_WITHIN).pollInterval(Duration.ofSeconds(1)).until(() -> {
            if (!demo.isAlive()) {
                throw new AssertionError("demo.sh ended with " + demo.exitValue() + ":\n" + read(firstOut));
            }
            return read(firstOut).contains("Ctrl-C stops both programs");
        });
        String out = read(firstOut);
        assertThat(out).contains("target/crm-sync-demo.war is up to date (not building)", "+7 495 000-00-01");
        Matcher settings = SETTINGS_A.matcher(out);
        assertThat(settings.find()).as("the settings address in:\n" + out).isTrue();
        assertThat(settings.group(1)).isEqualTo("http://127.0.0.1:" + PORT_A + "/crmsync/settings");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(settings.group(1)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode() == 200
                || page.statusCode() / 100 == 3 && page.headers().firstValue("Location").orElse("").contains("/settings"))
                .as("GET %s answered %d", settings.group(1), page.statusCode()).isTrue();

        Map<Path, Long> firstData = files(work.resolve("data"), List.of("demo-a.log", "demo-b.log", "crm.mv.db",
                "secret.key", "glassfish-resources.xml", "postboot.asadmin"));
        assertThat(firstData).as("the first demo's files").hasSize(10);
        Path secondOut = work.resolve("second.out");
        long t0 = System.nanoTime();
        Process second = demoScript(secondOut);
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("the second demo ends at once").isTrue();
        assertThat(second.exitValue()).as("its exit status").isNotZero();
        assertThat(read(secondOut)).contains("a demo already runs");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        Map<Path, Long> after = files(work.resolve("data"), List.of("demo-a.log", "demo-b.log", "crm.mv.db",
                "secret.key", "glassfish-resources.xml", "postboot.asadmin"));
        assertThat(after.keySet()).as("the first demo's files, after the second").isEqualTo(firstData.keySet());
        firstData.forEach((file, size) -> assertThat(after.get(file)).as("size of %s", file).isGreaterThanOrEqualTo(size));
        assertThat(health(PORT_A)).as("A still answers").isEqualTo(200);
        assertThat(health(PORT_B)).as("B still answers").isEqualTo(200);

        new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as("Ctrl-C ends the demo").isTrue();
        assertThat(health(PORT_A)).as("A stopped").isEqualTo(-1);
        assertThat(health(PORT_B)).as("B stopped").isEqualTo(-1);
    }

    private Process demoScript(Path output) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", projectDir.resolve("deploy/demo.sh").toString())
                .directory(projectDir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.put("DEMO_WORK_DIR", work.toString());
        env.put("DEMO_PORT_A", Integer.toString(PORT_A));
        env.put("DEMO_PORT_B", Integer.toString(PORT_B));
        env.remove("CRMSYNC_ADMIN_USER");
        env.remove("CRMSYNC_ADMIN_PASSWORD");
        return pb.start();
    }

    /** The status of /crmsync/api/health, or -1 when nothing answers. */
    private int health(int port) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/crmsync/api/health"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Sizes of the files under {@code dir} with one of these names. */
    private static Map<Path, Long> files(Path dir, List<String> names) throws IOException {
        Map<Path, Long> sizes = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(f -> Files.isRegularFile(f) && names.contains(f.getFileName().toString())).toList()) {
                sizes.put(f, Files.size(f));
            }
        }
        return sizes;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A program whose server fails to boot: the JVM exits with status 1 at once ({@code target/crm-sync-launcher.jar}),
 * and the test harness starts it again once. The boot fails for real: the program's port is taken after the
 * harness checked it, and Payara Micro's start-up then fails the way it does now and then on a loaded machine
 * ("Failed to start, exiting"; before the launcher, the JVM lived on serving nothing). Port 9610
 * ({@code -Dcrmsync.it.bootFailPort}); no database (the boot fails before the WAR is deployed).
 */
class BootFailureIT {

    static final int PORT = Integer.getInteger("crmsync.it.bootFailPort", 9610);
    /** From the program's start to its exit: the JVM's start and Payara's boot up to binding the port. */
    static final Duration BOOT_BOUND = Duration.ofSeconds(90);
    /** From Payara's "Failed to start, exiting" to the process's exit. */
    static final Duration EXIT_BOUND = Duration.ofSeconds(5);
    private static final Pattern FAILED_TO_START = Pattern.compile(
            "^\\[(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+[+-]\\d{4})\\].*Failed to start, exiting", Pattern.MULTILINE);

    private final Path projectDir = Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir")))
            .toAbsolutePath();

    @Test
    void aProgramWhoseBootFailsExitsWithStatus1AtOnceAndIsStartedAgainOnce() throws IOException {
        String name = "it-bootfail";
        Files.deleteIfExists(projectDir.resolve("target/it-logs/" + name + ".log"));
        ProgramProcess program = new ProgramProcess(name, PORT, projectDir, Map.of());
        program.start();
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(false);
            taken.bind(new InetSocketAddress("127.0.0.1", PORT)); // Payara binds it tens of seconds later
            assertThatThrownBy(program::awaitHealthy).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("also when started again");
        } finally {
            program.kill();
        }

        List<ProgramProcess.FailedBoot> failed = program.failedBoots();
        assertThat(failed).as("the first boot and the one retry").hasSize(2);
        List<Instant> failedToStart = failedToStartTimes(program.log());
        assertThat(failedToStart).as("Payara's own verdict, once per boot").hasSize(2);
        for (int i = 0; i < 2; i++) {
            ProgramProcess.FailedBoot boot = failed.get(i);
            assertThat(boot.exitCode()).as("exit status of boot %d", i + 1).isEqualTo(1);
            assertThat(boot.ran()).as("boot %d ran", i + 1).isLessThan(BOOT_BOUND);
            assertThat(Duration.between(failedToStart.get(i), boot.exitedAt()))
                    .as("boot %d: from 'Failed to start, exiting' to the exit", i + 1).isLessThan(EXIT_BOUND);
        }
        String log = program.log();
        assertThat(log).contains("java.net.BindException: Address already in use");
        assertThat(occurrences(log, "Payara Micro did not boot")).as("the launcher's line, once per boot").isEqualTo(2);
        assertThat(occurrences(log, "starting it again once")).as("the harness says it starts again").isEqualTo(1);
    }

    @Test
    void theLauncherOpensWhatPayaraMicroOpens() throws IOException {
        Attributes payara = manifest(projectDir.resolve("target/payara-micro.jar"));
        Attributes launcher = manifest(projectDir.resolve("target/crm-sync-launcher.jar"));
        for (String key : List.of("Add-Opens", "Add-Exports")) {
            assertThat(launcher.getValue(key)).as(key + " (pom.xml, execution 'launcher')").isEqualTo(payara.getValue(key));
        }
        assertThat(launcher.getValue("Class-Path")).isEqualTo("payara-micro.jar");
    }

    private static List<Instant> failedToStartTimes(String log) {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        Matcher m = FAILED_TO_START.matcher(log.replaceAll("\u001b\\[[0-9;]*m", ""));
        return m.results().map(r -> OffsetDateTime.parse(r.group(1), format).toInstant()).toList();
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static Attributes manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes();
        }
    }
}

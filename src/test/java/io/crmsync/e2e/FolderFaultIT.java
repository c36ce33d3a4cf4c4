package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults of the folders a LOCAL or FTP sync writes into, under steady edits on both sides (two programs on
 * PostgreSQL): a LOCAL folder that refuses writes (immutable, {@code chattr +i}: the tests run as root, whom
 * permission bits do not stop), a full LOCAL folder (a small tmpfs filled up), an FTP server gone in the middle
 * of an upload (stopped while a file is half written, and a session dropped between an upload and its rename).
 * Each: the writer's status shows a clear error while the fault lasts, the sync resumes by itself once it is
 * gone, every edit arrives once, no batch file is quarantined, and the tables end equal.
 */
class FolderFaultIT extends TwoProgramsIT {
    static final List<String> COLUMNS = List.of("name", "phone", "qty", "note");

    private Path root;
    private TestFtpServer ftp;
    private final List<Path> mounts = new ArrayList<>();

    FolderFaultIT() {
        super(CrmDatabase.Kind.POSTGRES, "it-flt", 9010, 9020);
    }

    /** libfaketime (Debian package libfaketime): A's clock runs this far ahead. */
    static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");
    static final int A_AHEAD_SECONDS = 180;
    static final int B_MAX_SKEW_SECONDS = 60;

    /**
     * A's clock is 3 minutes ahead (libfaketime; its monotonic clock is left alone, and
     * FAKETIME_FORCE_MONOTONIC_FIX=0: with the default, libfaketime 0.9.10 stretches the JVM's timed waits
     * so that Payara Micro never finishes booting). B refuses peer requests more than 60 s off its clock.
     * The databases share one server, hence one clock: capture times are not skewed, program clocks are.
     */
    @Override
    protected Map<String, String> extraEnvironment(String label) {
        Map<String, String> env = new java.util.HashMap<>(
                Map.of("JAVA_OPTS", "-Xmx256m", "CRMSYNC_FTP_TIMEOUTSECONDS", "5"));
        if (label.equals("A")) {
            assertThat(FAKETIME).as("libfaketime (apt-get install libfaketime)").exists();
            env.putAll(Map.of("LD_PRELOAD", FAKETIME.toString(), "FAKETIME", "+" + A_AHEAD_SECONDS + "s",
                    "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "0"));
        } else {
            env.put("CRMSYNC_PEER_MAXCLOCKSKEWSECONDS", Integer.toString(B_MAX_SKEW_SECONDS));
        }
        return env;
    }

    @BeforeAll
    void startFtpServer() throws IOException {
        Path projectDir = Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir")));
        root = projectDir.resolve("target/it-fault-folders").toAbsolutePath();
        unmountUnder(root); // left by an aborted run
        run(List.of("chattr", "-R", "-i", root.toString()), true);
        deleteRecursively(root);
        Files.createDirectories(root);
        ftp = new TestFtpServer(root);
        ftp.start();
    }

    @AfterAll
    void stopFtpServerAndUnmount() {
        try {
            if (ftp != null) {
                ftp.close();
            }
        } finally {
            for (Path m : mounts) {
                run(List.of("umount", "-l", m.toString()), true);
            }
        }
    }

    private static void unmountUnder(Path dir) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String point = line.split(" ")[1];
            if (point.startsWith(dir.toString() + "/")) {
                run(List.of("umount", "-l", point), false);
            }
        }
    }

    // ---- scenarios ------------------------------------------------------------------------------------

    @Test
    void aLocalFolderThatRefusesWritesStopsNothingForGood() {
        Path aToB = dir("readonly/a2b");
        Path bToA = dir("readonly/b2a");
        String t = newTable("readonly");
        SyncPair pair = localPair("readonly", aToB, bToA);
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        List<SteadyEditStream> streams = startEdits(t);
        try {
            // A's upload folder (B's download folder), then B's upload folder (A's download folder).
            for (Path folder : List.of(aToB, bToA)) {
                Side writer = folder == aToB ? a : b;
                String syncId = writer == a ? pair.activeId : pair.passiveId;
                awaitMoreEdits(streams, 20);
                run(List.of("chattr", "+i", folder.toString()), false);
                try {
                    awaitMoreEdits(streams, 20);
                    String error = awaitError(writer, syncId);
                    assertThat(error).as("status of " + writer.label()).contains(folder.toString())
                            .containsIgnoringCase("read-only");
                } finally {
                    run(List.of("chattr", "-i", folder.toString()), false);
                }
            }
            awaitMoreEdits(streams, 20);
        } finally {
            streams.forEach(SteadyEditStream::stop);
        }
        assertEverythingArrivedOnce(t, pair, streams, aToB, bToA);
    }

    @Test
    void aFullLocalFolderStopsNothingForGood() throws IOException {
        Path aToB = dir("full/a2b");
        Path bToA = dir("full/b2a");
        mountTmpfs(aToB, "2m");
        String t = newTable("full");
        SyncPair pair = localPair("full", aToB, bToA);
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        List<SteadyEditStream> streams = startEdits(t);
        Path filler = aToB.resolve("filler.bin");
        try {
            awaitMoreEdits(streams, 20);
            fill(filler);
            // A deletes the files B acknowledged, freeing a little: keep the folder full until A says so.
            await("A reports the full folder").atMost(SYNC_TIMEOUT).pollInterval(POLL).until(() -> {
                fill(filler);
                String e = text(a.admin().status(pair.activeId).get("lastError"));
                return e != null && e.contains("the disk is full");
            });
            assertThat(text(a.admin().status(pair.activeId).get("lastError"))).contains(aToB.toString());
            awaitMoreEdits(streams, 20);
        } finally {
            Files.deleteIfExists(filler);
            streams.forEach(SteadyEditStream::stop);
        }
        assertEverythingArrivedOnce(t, pair, streams, aToB, bToA);
    }

    @Test
    void anFtpServerGoneInTheMiddleOfAnUploadLosesAndDoublesNothing() {
        dir("ftpgone/a2b");
        dir("ftpgone/b2a");
        String t = newTable("ftpgone");
        SyncPair pair = register(SyncPair.createFolders(a.admin(), b.admin(), "it-ftpgone",
                ftpBody("it-ftpgone", "ACTIVE", ftp.port(), "/ftpgone/a2b", "/ftpgone/b2a"),
                ftpBody("it-ftpgone", "PASSIVE", ftp.port(), "/ftpgone/b2a", "/ftpgone/a2b"), kind::stored));
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        List<SteadyEditStream> streams = startEdits(t);
        try {
            // (1) Stopped while a batch file is half written: uploads slowed to 1 KB/s meanwhile.
            awaitMoreEdits(streams, 20);
            ftp.stop();
            ftp.start(1024);
            awaitMoreEdits(streams, 40); // a backlog, so that the next batch file is several KB
            Path half = await("a batch file half uploaded").atMost(Duration.ofSeconds(90)).pollInterval(POLL)
                    .until(this::halfUploadedBatch, java.util.Optional::isPresent).get();
            ftp.stop();
            Side writer = half.toString().contains("a2b") ? a : b;
            String error = awaitError(writer, writer == a ? pair.activeId : pair.passiveId);
            assertThat(error).as("status of " + writer.label()).contains("FTP");
            awaitMoreEdits(streams, 20);
            ftp.start();
            // (2) The session dropped after whole files arrived, before their rename.
            awaitMoreEdits(streams, 20);
            ftp.dropSessionAtNextRenames(3);
            await("three sessions dropped at a rename").atMost(Duration.ofSeconds(90)).pollInterval(POLL)
                    .until(() -> ftp.droppedSessions() >= 3);
            awaitMoreEdits(streams, 20);
        } finally {
            ftp.dropSessionAtNextRenames(0);
            if (!ftp.isRunning()) {
                ftp.start();
            }
            streams.forEach(SteadyEditStream::stop);
        }
        assertEverythingArrivedOnce(t, pair, streams, root.resolve("ftpgone/a2b"), root.resolve("ftpgone/b2a"));
        // What the interrupted uploads left is cleaned up, as in a LOCAL folder.
        await("no partial upload left on the FTP server").atMost(SYNC_TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            for (String folder : List.of("ftpgone/a2b", "ftpgone/b2a")) {
                assertThat(list(root.resolve(folder))).as("files in " + folder)
                        .noneMatch(n -> n.startsWith(".crmsync-") && n.endsWith(".tmp"));
            }
        });
    }

    /**
     * Clocks 3 minutes apart (A ahead). Edits on both sides, also of the same row, converge over LOCAL folders
     * and over HTTP when the passive side allows that skew (A, default 300 s; B is the active side); when it
     * does not (B passive, 60 s), every request of A is refused and A's status says why.
     */
    @Test
    void programsWhoseClocksDifferByMinutesConvergeAndTooMuchSkewIsRefused() {
        Path aToB = dir("clock/a2b");
        Path bToA = dir("clock/b2a");
        String local = newTable("clock_local");
        SyncPair localPair = localPair("clock", aToB, bToA);
        localPair.addFields(local, BOTH, BOTH, COLUMNS);
        editBothSidesAndAwaitEqual(local);
        // A's last attempt, by A's clock: it ran 3 minutes ahead all along.
        long ahead = java.time.OffsetDateTime.parse(a.admin().status(localPair.activeId).getString("lastAttemptAt"))
                .toInstant().toEpochMilli() - System.currentTimeMillis();
        assertThat(ahead).as("A's clock ahead of the test's (ms)")
                .isBetween((A_AHEAD_SECONDS - 30) * 1000L, (A_AHEAD_SECONDS + 5) * 1000L);

        String http = newTable("clock_http");
        SyncPair bActive = register(SyncPair.create(b.admin(), a.admin(), "it-clock-b2a", SYNC_PASSWORD,
                SYNC_PASSWORD, kind::stored));
        bActive.addFields(http, BOTH, BOTH, COLUMNS);
        editBothSidesAndAwaitEqual(http);

        String refused = newTable("clock_refused");
        SyncPair aActive = register(SyncPair.create(a.admin(), b.admin(), "it-clock-a2b", SYNC_PASSWORD,
                SYNC_PASSWORD, kind::stored));
        aActive.addFields(refused, BOTH, BOTH, COLUMNS);
        ClientsTable.insert(a.db(), refused, row("name", "from-a", "phone", "1"));
        String error = awaitError(a, aActive.activeId);
        assertThat(error).contains("clock skew").contains("maxClockSkewSeconds");
        assertThat(ClientsTable.countNamed(b.db(), refused, "from-a")).as("refused rows in B").isZero();
        assertThat(b.admin().status(aActive.passiveId).getBoolean("connected")).isFalse();
    }

    /** A row from each side, then both sides edit the same row: the tables end equal. */
    private void editBothSidesAndAwaitEqual(String t) {
        ClientsTable.insert(a.db(), t, row("name", "from-a", "phone", "1", "qty", 1));
        ClientsTable.insert(b.db(), t, row("name", "from-b", "phone", "2", "qty", 2));
        awaitValue(b, t, "from-a", "phone", "1");
        awaitValue(a, t, "from-b", "phone", "2");
        a.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "a-edit", "from-b");
        b.db().exec("UPDATE " + t + " SET qty = ?, phone = ? WHERE name = ?", 20, "b-edit", "from-b");
        b.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "b-edit", "from-a");
        awaitTablesEqual(t, COLUMNS, SYNC_TIMEOUT, 2);
        awaitValue(a, t, "from-b", "qty", 20);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private List<SteadyEditStream> startEdits(String t) {
        List<SteadyEditStream> streams = List.of(new SteadyEditStream("a", a.db(), t, () -> true),
                new SteadyEditStream("b", b.db(), t, () -> true));
        streams.forEach(s -> s.start(Duration.ofMillis(50)));
        return streams;
    }

    /** Tables equal, every confirmed edit once on both sides, no file quarantined, both sides green again. */
    private void assertEverythingArrivedOnce(String t, SyncPair pair, List<SteadyEditStream> streams,
            Path... folders) {
        awaitTablesEqual(t, COLUMNS, CATCH_UP_TIMEOUT, -1);
        assertEveryEditArrivedOnce(t, streams, "");
        for (Path folder : folders) {
            Path quarantine = folder.resolve("quarantine");
            assertThat(Files.exists(quarantine) ? list(quarantine) : List.of())
                    .as("files quarantined in " + folder).isEmpty();
        }
        await("both sides green again").atMost(SYNC_TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            for (Side side : List.of(a, b)) {
                JsonObject status = side.admin().status(side == a ? pair.activeId : pair.passiveId);
                assertThat(status.getBoolean("connected")).as("status of " + side.label() + ": " + status).isTrue();
            }
        });
    }

    /** Waits until the side's sync shows an error; returns it. */
    private String awaitError(Side side, String syncId) {
        return await(side.label() + " shows the fault in its status").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> {
                    JsonObject s = side.admin().status(syncId);
                    return s.getBoolean("connected") ? null : text(s.get("lastError"));
                }, e -> e != null);
    }

    /**
     * A batch file being uploaded for 2 s at least (at 1 KB/s: 2 KB of it sent, though the server may not
     * have flushed them yet), or whose temporary file already holds more than an ack file.
     */
    private java.util.Optional<Path> halfUploadedBatch() {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, Long> upload : ftp.uploading().entrySet()) {
            String name = upload.getKey();
            Path p = root.resolve(name.startsWith("/") ? name.substring(1) : name);
            // Every FTP upload goes to the folder's one temporary name; an ack file (under 200 bytes) takes
            // less than 2 s at 1 KB/s, so a longer or larger upload is a batch file.
            if (!p.getFileName().toString().equals(io.crmsync.transport.folder.BatchFiles.FTP_UPLOAD_TEMP)) {
                continue;
            }
            try {
                if (now - upload.getValue() >= 2000 || Files.size(p) > 512) {
                    return java.util.Optional.of(p);
                }
            } catch (IOException e) {
                // not created yet
            }
        }
        return java.util.Optional.empty();
    }

    private void mountTmpfs(Path dir, String size) {
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()), false);
        mounts.add(dir);
    }

    /** Appends to {@code file} until its file system has no space left. */
    private static void fill(Path file) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 10_000; i++) {
                out.write(chunk);
            }
            throw new AssertionError("the folder of " + file + " did not fill up");
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("No space left")) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void run(List<String> command, boolean mayFail) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0 && !mayFail) {
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private SyncPair localPair(String name, Path aToB, Path bToA) {
        return register(SyncPair.createFolders(a.admin(), b.admin(), "it-" + name,
                localBody("it-" + name, "ACTIVE", aToB, bToA),
                localBody("it-" + name, "PASSIVE", bToA, aToB), kind::stored));
    }

    private Path dir(String relative) {
        try {
            return Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
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

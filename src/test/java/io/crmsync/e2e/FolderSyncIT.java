package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmsync.core.Batch;
import io.crmsync.core.CatalogEntry;
import io.crmsync.core.FieldValue;
import io.crmsync.core.RecordChange;
import io.crmsync.security.PeerKeys;
import io.crmsync.transport.folder.BatchFiles;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LOCAL and FTP transports between two real programs on PostgreSQL, with a real FTP server (Apache
 * FtpServer) in the test JVM. A writes into the folder B reads and the other way round; the folders of
 * each test are fresh.
 */
class FolderSyncIT extends FolderScenarios {
    static final String FOLDER_SALT = "folder-transport";

    private Path root;
    private TestFtpServer ftp;
    private TestFtpServer ftps;

    FolderSyncIT() {
        super(CrmDatabase.Kind.POSTGRES, "it-fld", 8610, 8620);
    }

    @Override
    protected Map<String, String> extraEnvironment() {
        return Map.of("JAVA_OPTS", "-Xmx256m", "CRMSYNC_FTP_TIMEOUTSECONDS", "5",
                "CRMSYNC_FTP_TRUSTSTORE", tlsDir().resolve("trust.p12").toString(),
                "CRMSYNC_FTP_TRUSTSTOREPASSWORD", TestFtpServer.PASSWORD);
    }

    private static Path tlsDir() {
        return Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir")))
                .resolve("target/it-ftps").toAbsolutePath();
    }

    @BeforeAll
    void startFtpServer() throws IOException {
        Path projectDir = Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir")));
        root = projectDir.resolve("target/it-folders").toAbsolutePath();
        deleteRecursively(root);
        Files.createDirectories(root);
        ftp = new TestFtpServer(root);
        ftp.start();
    }

    @AfterAll
    void stopFtpServer() {
        if (ftp != null) {
            ftp.close();
        }
        if (ftps != null) {
            ftps.close();
        }
    }

    // ---- scenarios ------------------------------------------------------------------------------------

    @Test
    void localFoldersCarryInsertsUpdatesAndDeletesBothWays() {
        String t = newTable("local");
        SyncPair pair = localPair("local");
        insertsUpdatesAndDeletesFlowBothWays(t, pair);
        assertThat(a.admin().status(pair.activeId).getBoolean("connected")).isTrue();
        assertThat(b.admin().status(pair.passiveId).getBoolean("connected")).isTrue();
    }

    @Test
    void ftpFoldersCarryInsertsUpdatesAndDeletesBothWays() {
        String t = newTable("ftp");
        SyncPair pair = ftpPair("ftp");
        insertsUpdatesAndDeletesFlowBothWays(t, pair);
        String shown = a.admin().send("GET", "/syncs/" + pair.activeId, null).body();
        assertThat(shown).contains("\"ftp\"").contains(TestFtpServer.USER).doesNotContain(TestFtpServer.PASSWORD);
        Object stored = a.db().queryScalar("SELECT ftp_password FROM crmsync_sync WHERE id = ?",
                Long.parseLong(pair.activeId));
        assertThat(String.valueOf(stored)).as("FTP password as stored").startsWith("enc1:")
                .doesNotContain(TestFtpServer.PASSWORD);
    }

    @Test
    void explicitFtpsWithTheServersOwnCertificateCarriesChanges() throws Exception {
        Path keys = tlsDir();
        deleteRecursively(keys);
        Files.createDirectories(keys);
        // A self-signed server certificate; the programs trust it through crmsync.ftp.trustStore.
        keytool("-genkeypair", "-alias", "ftp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-storetype", "PKCS12", "-keystore", keys.resolve("server.p12").toString(),
                "-storepass", TestFtpServer.PASSWORD, "-keypass", TestFtpServer.PASSWORD);
        keytool("-exportcert", "-alias", "ftp", "-keystore", keys.resolve("server.p12").toString(),
                "-storepass", TestFtpServer.PASSWORD, "-file", keys.resolve("server.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "ftp", "-file", keys.resolve("server.cer").toString(),
                "-storetype", "PKCS12", "-keystore", keys.resolve("trust.p12").toString(),
                "-storepass", TestFtpServer.PASSWORD);
        ftps = new TestFtpServer(root, keys.resolve("server.p12"));
        ftps.start();
        String t = newTable("ftps");
        dir("ftps/a2b");
        dir("ftps/b2a");
        SyncPair pair = register(SyncPair.createFolders(a.admin(), b.admin(), "it-ftps",
                tls(ftpBody("it-ftps", "ACTIVE", ftp.port(), "/ftps/a2b", "/ftps/b2a"), ftps.port()),
                tls(ftpBody("it-ftps", "PASSIVE", ftp.port(), "/ftps/b2a", "/ftps/a2b"), ftps.port()), kind::stored));
        insertsUpdatesAndDeletesFlowBothWays(t, pair);
        assertThat(a.admin().sync(pair.activeId).getJsonObject("ftp").getBoolean("tls")).isTrue();
    }

    /** The body with its FTP server switched to explicit FTPS on {@code port}. */
    private static JsonObject tls(JsonObject body, int port) {
        JsonObject ftp = body.getJsonObject("ftp");
        return JsonSupport.object(body).add("ftp", JsonSupport.object(ftp).add("tls", true).add("port", port)).build();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    @Test
    void aLocalProgramPairsWithAnFtpProgramOnTheSameFolders() {
        String t = newTable("mixed");
        Path aToB = dir("mixed/a2b");
        Path bToA = dir("mixed/b2a");
        SyncPair pair = register(SyncPair.createFolders(a.admin(), b.admin(), "it-mixed",
                localBody("it-mixed", "ACTIVE", aToB, bToA),
                ftpBody("it-mixed", "PASSIVE", ftp.port(), "/mixed/b2a", "/mixed/a2b"), kind::stored));
        insertsUpdatesAndDeletesFlowBothWays(t, pair);
    }

    @Test
    void anFtpServerStoppedMidStreamLosesAndDoublesNothing() {
        String t = newTable("ftpdown");
        SyncPair pair = ftpPair("ftpdown");
        pair.addFields(t, BOTH, BOTH, List.of("name", "phone", "qty", "note"));
        editsSurviveServerRestarts(pair, t, 3, ftp::stop, ftp::start);
    }

    @Test
    void corruptTruncatedAndForeignSignedFilesAreQuarantinedAndTheRestKeepsFlowing() throws IOException {
        String t = newTable("quarantine");
        Path aToB = dir("quarantine/a2b");
        Path bToA = dir("quarantine/b2a");
        SyncPair pair = register(SyncPair.createFolders(a.admin(), b.admin(), "it-quarantine",
                localBody("it-quarantine", "ACTIVE", aToB, bToA),
                localBody("it-quarantine", "PASSIVE", bToA, aToB), kind::stored));
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        ClientsTable.insert(b.db(), t, row("name", "before", "phone", "1"));
        awaitValue(a, t, "before", "phone", "1");

        // Files as B would write them into A's download folder, with numbers far ahead of B's own.
        String key = PeerKeys.derive(SYNC_PASSWORD, FOLDER_SALT);
        byte[] corrupt = BatchFiles.encode(intruder(pair, t, 900_001, "corrupt"), key);
        corrupt[corrupt.length - 30] ^= 0x20;
        byte[] whole = BatchFiles.encode(intruder(pair, t, 900_002, "truncated"), key);
        byte[] truncated = Arrays.copyOf(whole, whole.length - 25);
        byte[] foreign = BatchFiles.encode(intruder(pair, t, 900_003, "foreign"),
                PeerKeys.derive("not the sync password", FOLDER_SALT));
        byte[] garbage = "hello, this is not a batch".getBytes(StandardCharsets.UTF_8);
        drop(bToA, BatchFiles.name(900_001), corrupt);
        drop(bToA, BatchFiles.name(900_002), truncated);
        drop(bToA, BatchFiles.name(900_003), foreign);
        drop(bToA, BatchFiles.name(900_004), garbage);

        Path quarantine = bToA.resolve("quarantine");
        await("four files quarantined").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> Files.isDirectory(quarantine) && list(quarantine).size() == 4);
        assertThat(list(bToA)).noneMatch(n -> n.startsWith("crmsync-0000000000000090000"));
        JsonObject status = a.admin().status(pair.activeId);
        assertThat(status.getBoolean("connected")).isFalse();
        assertThat(AbstractSyncIT.text(status.get("lastError"))).contains("quarantined");

        // The rest keeps flowing, both ways, and nothing of the refused files was applied.
        ClientsTable.insert(b.db(), t, row("name", "after", "phone", "2"));
        ClientsTable.insert(a.db(), t, row("name", "from-a", "phone", "3"));
        awaitValue(a, t, "after", "phone", "2");
        awaitValue(b, t, "from-a", "phone", "3");
        for (String name : List.of("corrupt", "truncated", "foreign")) {
            assertThat(ClientsTable.countNamed(a.db(), t, name)).as(name + " in A").isZero();
        }
        awaitTablesEqual(t, COLUMNS, SYNC_TIMEOUT, 3);
    }

    @Test
    void twoSyncsOnOneProgramUseSeparateFoldersAndASharedFolderIsRefused() {
        String t1 = newTable("first");
        String t2 = newTable("second");
        SyncPair first = localPair("first");
        SyncPair second = localPair("second");
        first.addFields(t1, BOTH, BOTH, COLUMNS);
        second.addFields(t2, BOTH, BOTH, COLUMNS);
        ClientsTable.insert(a.db(), t1, row("name", "one", "phone", "1"));
        ClientsTable.insert(b.db(), t2, row("name", "two", "phone", "2"));
        awaitValue(b, t1, "one", "phone", "1");
        awaitValue(a, t2, "two", "phone", "2");

        Path taken = root.resolve("first/a2b");
        Path fresh = dir("third/b2a");
        AdminClient.Response shared = a.admin().send("POST", "/syncs",
                localBody("it-third", "ACTIVE", taken, fresh));
        assertThat(shared.status()).as(shared.toString()).isEqualTo(409);
        assertThat(shared.error()).contains(taken.toString()).contains("it-first");

        Path other = dir("third/a2b");
        for (JsonObject bad : List.of(
                localBody("it-bad", "ACTIVE", other, other),
                localBody("it-bad", "ACTIVE", Path.of("relative/dir"), fresh),
                localBody("it-bad", "ACTIVE", root.resolve("third/../first/a2b"), fresh),
                localBody("it-bad", "ACTIVE", root.resolve("missing"), fresh),
                ftpBody("it-bad", "ACTIVE", ftp.port(), "/third/../etc", "/third/x"),
                JsonSupport.object().add("name", "it-bad").add("mode", "ACTIVE").add("transport", "FTP")
                        .add("password", SYNC_PASSWORD).build())) {
            AdminClient.Response r = a.admin().send("POST", "/syncs", bad);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.error()).as(r.toString()).isNotBlank();
        }
        assertThat(a.admin().syncs().stream().map(s -> s.asJsonObject().getString("name")))
                .doesNotContain("it-third", "it-bad");
    }

    @Test
    void aLocalSyncWhosePeerNeverAnswersIsNotConnected() {
        JsonObject lonely = a.admin().createSync(localBody("it-lonely", "ACTIVE", dir("lonely/a2b"), dir("lonely/b2a")));
        String id = lonely.get("id").toString();
        try {
            await("the lonely sync's first cycles").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                    .until(() -> a.admin().status(id).getString("lastError", "")
                            .contains("no answer from the other program yet"));
            assertThat(a.admin().status(id).getBoolean("connected")).isFalse();
        } finally {
            a.admin().deleteSync(id);
        }
    }

    @Test
    void aDeletedLocalSyncTakesAwayTheFilesItWroteAndNothingElse() throws IOException {
        String t = newTable("deleted");
        Path aToB = dir("deleted/a2b");
        Path bToA = dir("deleted/b2a");
        SyncPair pair = SyncPair.createFolders(a.admin(), b.admin(), "it-deleted",
                localBody("it-deleted", "ACTIVE", aToB, bToA), localBody("it-deleted", "PASSIVE", bToA, aToB), kind::stored);
        try {
            pair.addFields(t, BOTH, BOTH, COLUMNS);
            ClientsTable.insert(a.db(), t, row("name", "from-a", "phone", "1"));
            ClientsTable.insert(b.db(), t, row("name", "from-b", "phone", "2"));
            awaitValue(b, t, "from-a", "phone", "1");
            awaitValue(a, t, "from-b", "phone", "2");
            // Settled: every batch file acknowledged and taken away, each side's ack file left.
            await("only the ack files left").atMost(SYNC_TIMEOUT).pollInterval(POLL).until(() ->
                    list(aToB).equals(List.of(BatchFiles.ACK_NAME)) && list(bToA).equals(List.of(BatchFiles.ACK_NAME)));
            drop(aToB, "readme.txt", "someone else's".getBytes(StandardCharsets.UTF_8));
            drop(bToA, "notes.txt", "someone else's".getBytes(StandardCharsets.UTF_8));
            Files.createDirectories(bToA.resolve("quarantine"));

            a.admin().deleteSync(pair.activeId);
            // A's files go; the folders, the foreign file and B's files (A's download folder) stay; the
            // empty quarantine folder in A's download folder goes. B, still running, rewrites nothing.
            await("A's upload folder holds only the foreign file").atMost(Duration.ofSeconds(10))
                    .during(Duration.ofSeconds(3)).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(list(aToB)).containsExactly("readme.txt"));
            assertThat(list(bToA)).containsExactlyInAnyOrder(BatchFiles.ACK_NAME, "notes.txt");

            b.admin().deleteSync(pair.passiveId);
            assertThat(list(bToA)).containsExactly("notes.txt");
            assertThat(list(aToB)).containsExactly("readme.txt");
        } finally {
            for (Runnable delete : List.<Runnable>of(() -> a.admin().send("DELETE", "/syncs/" + pair.activeId, null),
                    () -> b.admin().send("DELETE", "/syncs/" + pair.passiveId, null))) {
                delete.run();
            }
        }
    }

    @Test
    void aFiftyMegabyteValueCrossesLocalFoldersAtASmallHeap() {
        largeValueArrives(localPair("biglocal"), "docs_local", false);
    }

    @Test
    void aFiftyMegabyteValueCrossesFtpAtASmallHeap() {
        largeValueArrives(ftpPair("bigftp"), "docs_ftp", false);
    }

    @Test
    void aFiftyMegabyteValueCrossesHttpBothWaysAtASmallHeap() {
        largeValueArrives(newPair("bighttp"), "docs_http", true);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private SyncPair localPair(String name) {
        Path aToB = dir(name + "/a2b");
        Path bToA = dir(name + "/b2a");
        return register(SyncPair.createFolders(a.admin(), b.admin(), "it-" + name,
                localBody("it-" + name, "ACTIVE", aToB, bToA),
                localBody("it-" + name, "PASSIVE", bToA, aToB), kind::stored));
    }

    private SyncPair ftpPair(String name) {
        dir(name + "/a2b");
        dir(name + "/b2a");
        return register(SyncPair.createFolders(a.admin(), b.admin(), "it-" + name,
                ftpBody("it-" + name, "ACTIVE", ftp.port(), "/" + name + "/a2b", "/" + name + "/b2a"),
                ftpBody("it-" + name, "PASSIVE", ftp.port(), "/" + name + "/b2a", "/" + name + "/a2b"), kind::stored));
    }

    /** A batch as B would send it, inserting one row named {@code name}. */
    private Batch intruder(SyncPair pair, String t, long seq, String name) {
        CatalogEntry field = new CatalogEntry(pair.passiveNumber(t, "name"), stored(t), stored("name"),
                io.crmsync.core.Direction.BOTH, pair.activeNumber(t, "name"));
        String origin = b.program().programId();
        RecordChange row = new RecordChange(UUID.randomUUID().toString(), stored(t),
                List.of(new FieldValue(field.number(), name, System.currentTimeMillis() << 16, origin)), null, null);
        return new Batch(origin, seq, 0, List.of(field), List.of(row), false);
    }

    private Path dir(String relative) {
        try {
            return Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drop(Path dir, String name, byte[] content) throws IOException {
        Path temp = dir.resolve("." + name + ".test");
        Files.write(temp, content);
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
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

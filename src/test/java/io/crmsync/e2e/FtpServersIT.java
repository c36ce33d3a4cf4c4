package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmsync.e2e.ExternalFtpServer.Kind;
import io.crmsync.transport.folder.BatchFiles;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The FTP scenarios of the folder suite against FTP server programs from Debian packages, started
 * once per class as real processes (vsftpd, which has no MLSD, Pure-FTPd and ProFTPD, which offer
 * it; see {@link ExternalFtpServer}): FTP-FTP pairs and LOCAL-FTP pairs (either side LOCAL) carry
 * changes both ways on all three; on vsftpd and Pure-FTPd also the server killed and started again during steady edits, and
 * a 50 MB value whose upload the server's death cuts in the middle (ProFTPD, whose default refuses
 * to rename or upload onto an existing file, adds that dialect to the pairs). A vsftpd that hides
 * every dot name runs the pairs and the cut-off upload: the cycle never sees the temporary file
 * there, and the next upload must overwrite it. Programs on ports 9110/9120 (PostgreSQL, -Xmx256m);
 * vsftpd on 9130, Pure-FTPd on 9140, ProFTPD on 9150, the hiding vsftpd on 9160, each with the nine
 * ports above for passive data connections.
 */
class FtpServersIT extends FolderScenarios {
    private final Map<Kind, ExternalFtpServer> servers = new EnumMap<>(Kind.class);
    private Path top;

    FtpServersIT() {
        super(CrmDatabase.Kind.POSTGRES, "it-ftpx", 9110, 9120);
    }

    @Override
    protected Map<String, String> extraEnvironment() {
        return Map.of("JAVA_OPTS", "-Xmx256m", "CRMSYNC_FTP_TIMEOUTSECONDS", "5");
    }

    @BeforeAll
    void startFtpServers() throws IOException {
        // Under /tmp: every server's user (vsftpd's "ftp" too) can reach it; the programs use it as LOCAL folders.
        top = Files.createTempDirectory("crmsync-it-ftpx-");
        Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = 9130;
        for (Kind k : Kind.values()) {
            ExternalFtpServer s = new ExternalFtpServer(k, port, top.resolve(k.name().toLowerCase()));
            servers.put(k, s);
            s.start();
            port += 10;
        }
    }

    @AfterAll
    void stopFtpServers() throws IOException {
        servers.values().forEach(ExternalFtpServer::close);
        if (top != null) {
            try (Stream<Path> all = Files.walk(top)) {
                for (Path p : all.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void ftpFoldersCarryInsertsUpdatesAndDeletesBothWays(Kind k) {
        String t = newTable("ftpx_" + k.ordinal());
        insertsUpdatesAndDeletesFlowBothWays(t, ftpPair(k, "pair" + k.ordinal()));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aLocalProgramPairsWithAnFtpProgramOnTheSameFolders(Kind k) {
        insertsUpdatesAndDeletesFlowBothWays(newTable("ftpx_mixed" + k.ordinal()), mixedPair(k, "mixed", true));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anFtpProgramPairsWithALocalProgramOnTheSameFolders(Kind k) {
        insertsUpdatesAndDeletesFlowBothWays(newTable("ftpx_mixedb" + k.ordinal()), mixedPair(k, "mixedb", false));
    }

    /** A pair of a LOCAL and an FTP program on the same folders; A is the LOCAL one if {@code localA}. */
    private SyncPair mixedPair(Kind k, String prefix, boolean localA) {
        ExternalFtpServer s = servers.get(k);
        String name = prefix + k.ordinal();
        String sync = "it-ftpx-" + name;
        Path aToB = s.folder(name + "/a2b");
        Path bToA = s.folder(name + "/b2a");
        JsonObject active = localA ? localBody(sync, "ACTIVE", aToB, bToA)
                : ftpBody(sync, "ACTIVE", s.port(), s.user(), s.password(), "/" + name + "/a2b", "/" + name + "/b2a");
        JsonObject passive = localA
                ? ftpBody(sync, "PASSIVE", s.port(), s.user(), s.password(), "/" + name + "/b2a", "/" + name + "/a2b")
                : localBody(sync, "PASSIVE", bToA, aToB);
        return register(SyncPair.createFolders(a.admin(), b.admin(), sync, active, passive, kind::stored));
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"VSFTPD", "PURE_FTPD"})
    void anFtpServerKilledAndStartedDuringSteadyEditsLosesAndDoublesNothing(Kind k) {
        ExternalFtpServer s = servers.get(k);
        String t = newTable("ftpx_down" + k.ordinal());
        SyncPair pair = ftpPair(k, "down" + k.ordinal());
        pair.addFields(t, BOTH, BOTH, List.of("name", "phone", "qty", "note"));
        editsSurviveServerRestarts(pair, t, 2, s::stop, s::start);
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"VSFTPD", "PURE_FTPD", "VSFTPD_HIDING_DOT_FILES"})
    void aFiftyMegabyteUploadCutByTheServersDeathIsSentAgainAndLeavesNoTemporaryFile(Kind k) {
        ExternalFtpServer s = servers.get(k);
        String name = "big" + k.ordinal();
        SyncPair pair = ftpPair(k, name);
        Path temp = s.folder(name + "/a2b").resolve(BatchFiles.FTP_UPLOAD_TEMP);
        largeValueArrives(pair, "docs_ftpx" + k.ordinal(), false, () -> {
            await("the 50 MB value half uploaded").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> size(temp) > 5 << 20);
            s.stop();
            await("A reports the FTP server gone").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                    .until(() -> !a.admin().status(pair.activeId).getBoolean("connected"));
            assertThat(text(a.admin().status(pair.activeId).get("lastError"))).contains("FTP");
            s.start();
        });
        await("no temporary file left in the folders").atMost(SYNC_TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            for (String folder : List.of(name + "/a2b", name + "/b2a")) {
                assertThat(names(s.folder(folder))).as("files in " + folder).noneMatch(BatchFiles::isTemporary);
            }
        });
    }

    private SyncPair ftpPair(Kind k, String name) {
        ExternalFtpServer s = servers.get(k);
        s.folder(name + "/a2b");
        s.folder(name + "/b2a");
        String sync = "it-ftpx-" + name;
        return register(SyncPair.createFolders(a.admin(), b.admin(), sync,
                ftpBody(sync, "ACTIVE", s.port(), s.user(), s.password(), "/" + name + "/a2b", "/" + name + "/b2a"),
                ftpBody(sync, "PASSIVE", s.port(), s.user(), s.password(), "/" + name + "/b2a", "/" + name + "/a2b"),
                kind::stored));
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0; // renamed away between the two calls
        }
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Object v) {
        return AbstractSyncIT.text((jakarta.json.JsonValue) v);
    }
}

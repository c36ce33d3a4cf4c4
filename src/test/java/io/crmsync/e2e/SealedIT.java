package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sealed batches (issue 21), as an observer sees them: values carrying distinctive markers (in a text
 * column, in a 50 MB binary value, in the table's and a column's name) sync both ways over HTTP through a
 * recording proxy, over LOCAL folders and over an FTP server's folders that are watched for every file that
 * appears; no marker shows in any byte on the wire or in any file, and the values arrive intact.
 */
class SealedIT extends TwoProgramsIT {
    static final String TEXT = "zq81-text-marker";
    static final String BACK = "zq81-back-marker";
    static final String BINARY = "zq81-binary-marker";
    static final String COLUMN = "secret_zq81col";
    static final String TABLE = "sealed_zq81";
    static final int PROXY_PORT = 9231;
    static final int VALUE_BYTES = Integer.getInteger("crmsync.it.sealedValueBytes", 50 << 20);

    private Path root;
    private TestFtpServer ftp;

    SealedIT() {
        super(CrmDatabase.Kind.POSTGRES, "it-seal", 9210, 9220);
    }

    @Override
    protected Map<String, String> extraEnvironment() {
        return Map.of("JAVA_OPTS", "-Xmx256m");
    }

    @BeforeAll
    void startFtpServer() throws IOException {
        Path projectDir = Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir")));
        root = projectDir.resolve("target/it-sealed-folders").toAbsolutePath();
        if (Files.exists(root)) {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(root);
        ftp = new TestFtpServer(root);
        ftp.start();
    }

    @AfterAll
    void stopFtpServer() {
        if (ftp != null) {
            ftp.close();
        }
    }

    @Test
    void nothingReadableCrossesTheWireOverHttp() throws IOException {
        try (MarkerWatch watch = new MarkerWatch(TEXT, BACK, BINARY, COLUMN, TABLE)) {
            watch.proxy(PROXY_PORT, b.program().port());
            SyncPair pair = register(SyncPair.create(a.admin(), b.admin(), "it-seal-http", SYNC_PASSWORD, SYNC_PASSWORD,
                    kind::stored, url -> url.replace(":" + b.program().port() + "/", ":" + PROXY_PORT + "/")));
            syncsMarkedValuesBothWays(pair, TABLE + "_http");
            assertThat(watch.bytesSeen()).as("bytes through the proxy").isGreaterThan(VALUE_BYTES);
            assertThat(watch.found()).as("markers seen on the wire").isEmpty();
        }
    }

    @Test
    void nothingReadableRestsInLocalFolders() throws IOException {
        Path aToB = Files.createDirectories(root.resolve("local/a2b"));
        Path bToA = Files.createDirectories(root.resolve("local/b2a"));
        foldersShowNothingReadable("it-seal-local", aToB, bToA,
                localBody("it-seal-local", "ACTIVE", aToB, bToA), localBody("it-seal-local", "PASSIVE", bToA, aToB));
    }

    @Test
    void nothingReadableRestsOnTheFtpServer() throws IOException {
        Path aToB = Files.createDirectories(root.resolve("ftp/a2b"));
        Path bToA = Files.createDirectories(root.resolve("ftp/b2a"));
        foldersShowNothingReadable("it-seal-ftp", aToB, bToA,
                ftpBody("it-seal-ftp", "ACTIVE", ftp.port(), "/ftp/a2b", "/ftp/b2a"),
                ftpBody("it-seal-ftp", "PASSIVE", ftp.port(), "/ftp/b2a", "/ftp/a2b"));
    }

    /** Syncs the marked values through the folders while every file that appears in them is read. */
    private void foldersShowNothingReadable(String name, Path aToB, Path bToA, JsonObject active, JsonObject passive) {
        try (MarkerWatch watch = new MarkerWatch(TEXT, BACK, BINARY, COLUMN, TABLE)) {
            watch.folders(aToB, bToA);
            SyncPair pair = register(SyncPair.createFolders(a.admin(), b.admin(), name, active, passive, kind::stored));
            syncsMarkedValuesBothWays(pair, TABLE + name.substring(name.lastIndexOf('-')).replace('-', '_'));
            assertFilesSeenAndClean(watch);
        }
    }

    private static void assertFilesSeenAndClean(MarkerWatch watch) {
        assertThat(watch.filesSeen()).as("files that appeared")
                .anyMatch(n -> n.endsWith(".batch")).anyMatch(n -> n.endsWith(".blob")).contains("crmsync-ack");
        assertThat(watch.found()).as("markers seen in files").isEmpty();
    }

    /**
     * A inserts a row with the text marker and a value of {@link #VALUE_BYTES} with the binary marker every
     * 64 KiB; B changes the text to another marker; both arrive intact on the other side.
     */
    private void syncsMarkedValuesBothWays(SyncPair pair, String t) {
        for (Side side : List.of(a, b)) {
            side.db().exec("CREATE TABLE " + t + " (id serial PRIMARY KEY, name varchar(200), " + COLUMN
                    + " varchar(200), doc bytea)");
        }
        b.db().exec("ALTER SEQUENCE " + t + "_id_seq RESTART WITH 1001");
        pair.addFields(t, BOTH, BOTH, List.of("name", COLUMN, "doc"));
        a.db().exec("INSERT INTO " + t + " (name, " + COLUMN + ", doc) VALUES (?, ?, ?)", "marked", TEXT, markedValue());
        String sql = "SELECT " + COLUMN + " || ':' || octet_length(doc) || ':' || md5(doc) FROM " + t + " WHERE name = ?";
        Object sent = a.db().queryScalar(sql, "marked");
        await("B has A's marked row").atMost(Duration.ofMinutes(3)).pollInterval(POLL)
                .until(() -> sent.equals(b.db().queryScalar(sql, "marked")));
        b.db().exec("UPDATE " + t + " SET " + COLUMN + " = ? WHERE name = ?", BACK, "marked");
        await("A has B's new text").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> BACK.equals(a.db().queryScalar("SELECT " + COLUMN + " FROM " + t + " WHERE name = ?", "marked")));
        assertThat(a.db().queryScalar(sql, "marked")).isEqualTo(b.db().queryScalar(sql, "marked"));
    }

    private static byte[] markedValue() {
        byte[] value = new byte[VALUE_BYTES];
        new Random(21).nextBytes(value);
        byte[] marker = BINARY.getBytes(StandardCharsets.US_ASCII);
        for (int at = 1000; at + marker.length < value.length; at += 64 * 1024) {
            System.arraycopy(marker, 0, value, at, marker.length);
        }
        return value;
    }
}

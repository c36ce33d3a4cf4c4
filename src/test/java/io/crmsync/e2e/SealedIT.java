package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmsync.blob.BlobRef;
import io.crmsync.core.Batch;
import io.crmsync.core.CatalogEntry;
import io.crmsync.core.FieldValue;
import io.crmsync.core.RecordChange;
import io.crmsync.security.PeerKeys;
import io.crmsync.security.Seal;
import io.crmsync.security.SealedStream;
import io.crmsync.security.Signatures;
import io.crmsync.transport.BatchJson;
import io.crmsync.transport.folder.BatchFiles;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sealed batches (issue 21), as an observer sees them: values carrying distinctive markers (in a text
 * column, in a 50 MB binary value, in the table's and a column's name) sync both ways over HTTP through a
 * recording proxy, over LOCAL folders and over an FTP server's folders that are watched for every file that
 * appears; no marker shows in any byte on the wire or in any file, and the values arrive intact. And as an
 * attacker tampers with them: a large value with a chunk cut short, two chunks swapped or a bit flipped, in
 * a LOCAL folder and on its way over HTTP, is refused, nothing of it is applied, and the sync carries on.
 */
class SealedIT extends TwoProgramsIT {
    static final String TEXT = "zq81-text-marker";
    static final String BACK = "zq81-back-marker";
    static final String BINARY = "zq81-binary-marker";
    static final String COLUMN = "secret_zq81col";
    static final String TABLE = "sealed_zq81";
    static final int PROXY_PORT = 9231;
    static final int TAMPER_PROXY_PORT = 9810;
    /** The large values of the tamper tests: 16 sealed chunks, enough to cut, swap and flip inside. */
    static final int TAMPER_VALUE_BYTES = 1 << 20;
    /** Bytes before the first chunk of a sealed value, and of one full chunk (length, ciphertext, tag). */
    static final int SEALED_HEAD = 12;
    static final int SEALED_CHUNK = 4 + 64 * 1024 + 16;
    static final String FOLDER_SALT = "folder-transport";
    static final List<String> DOC_COLUMNS = List.of("name", "doc");
    static final int VALUE_BYTES = Integer.getInteger("crmsync.it.sealedValueBytes", 50 << 20);

    private Path root;
    private TestFtpServer ftp;

    SealedIT() {
        super(CrmDatabase.Kind.POSTGRES, "it-seal", 9210, 9220);
    }

    @Override
    protected Map<String, String> extraEnvironment() {
        // Acknowledged batch files kept in archive/ (not deleted): the tamper tests replay them.
        return Map.of("JAVA_OPTS", "-Xmx256m", "CRMSYNC_FOLDER_ARCHIVE", "true");
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

    @Test
    void tamperedLargeValuesInALocalFolderAreQuarantinedAndTheSyncCarriesOn() throws IOException {
        Path aToB = Files.createDirectories(root.resolve("tamper-local/a2b"));
        Path bToA = Files.createDirectories(root.resolve("tamper-local/b2a"));
        String name = "it-seal-tamper-local";
        tamperedFilesAreQuarantined(bToA, "sealed_tamper_local", localBody(name, "ACTIVE", aToB, bToA),
                localBody(name, "PASSIVE", bToA, aToB));
    }

    @Test
    void tamperedLargeValuesOnTheFtpServerAreQuarantinedAndTheSyncCarriesOn() throws IOException {
        Files.createDirectories(root.resolve("tamper-ftp/a2b"));
        Path bToA = Files.createDirectories(root.resolve("tamper-ftp/b2a"));
        String name = "it-seal-tamper-ftp";
        tamperedFilesAreQuarantined(bToA, "sealed_tamper_ftp",
                ftpBody(name, "ACTIVE", ftp.port(), "/tamper-ftp/a2b", "/tamper-ftp/b2a"),
                ftpBody(name, "PASSIVE", ftp.port(), "/tamper-ftp/b2a", "/tamper-ftp/a2b"));
    }

    /**
     * Batch files written into A's download folder {@code bToA} as B writes them, each referring to a large
     * value whose sealed file was cut in a chunk, had two chunks swapped or a bit flipped, and one in the old
     * clear format: each batch and its value are quarantined, nothing of them applied, A's status says to
     * update the other program; then B's side of the sync is set up and later values arrive both ways, and B's
     * batch files put back after they were applied (one renamed) change nothing. (B's
     * side comes after the damaged files: B deletes the large-value files of its upload folder once A has
     * acknowledged all of its batches, and would take them away before A read them.)
     */
    private void tamperedFilesAreQuarantined(Path bToA, String t, JsonObject activeBody, JsonObject passiveBody)
            throws IOException {
        SyncPair pair = register(SyncPair.createFoldersActiveFirst(a.admin(), b.admin(), activeBody.getString("name"),
                activeBody, kind::stored));
        createDocsTables(t);
        pair.addOnActive(t, BOTH, DOC_COLUMNS);

        // Files as B writes them into A's download folder (its key, its format), each batch referring to a
        // large value whose sealed file was damaged on the way.
        String key = PeerKeys.derive(SYNC_PASSWORD, FOLDER_SALT);
        Map<String, UnaryOperator<byte[]>> tampers = new LinkedHashMap<>();
        tampers.put("cut-chunk", SealedIT::cutInChunkTwo);
        tampers.put("swapped-chunks", SealedIT::swapChunksOneAndTwo);
        tampers.put("flipped-bit", sealed -> flipBit(sealed, SEALED_HEAD + 3 * SEALED_CHUNK + 100));
        long seq = 1;
        for (Map.Entry<String, UnaryOperator<byte[]>> e : tampers.entrySet()) {
            byte[] plain = value(seq);
            BlobRef ref = refOf(plain);
            byte[] sealed;
            try (InputStream in = SealedStream.sealing(Seal.of(key), BatchFiles.blobContext(ref),
                    new ByteArrayInputStream(plain))) {
                sealed = in.readAllBytes();
            }
            drop(bToA, ref.fileName(), e.getValue().apply(sealed));
            drop(bToA, BatchFiles.name(seq), BatchFiles.encode(batchOfB(pair, t, seq, e.getKey(), ref), key));
            seq++;
        }
        Path quarantine = bToA.resolve("quarantine");
        await("the three batch files and their values quarantined, and A's status saying so").atMost(SYNC_TIMEOUT)
                .pollInterval(POLL).until(() -> Files.isDirectory(quarantine) && list(quarantine).size() == 6
                        && String.valueOf(a.admin().status(pair.activeId).get("lastError")).contains("quarantined"));
        assertThat(list(quarantine)).as("quarantined").filteredOn(n -> n.contains(".blob.")).hasSize(3);
        assertThat(list(bToA)).as("left in A's download folder")
                .noneMatch(n -> n.endsWith(".batch")).noneMatch(n -> n.endsWith(".blob"));
        assertThat(String.valueOf(a.admin().status(pair.activeId).get("lastError"))).contains("damaged");
        assertThat(logOf(a, pair.name)).as("A's log of the sync").filteredOn(l -> l.contains("quarantined"))
                .anyMatch(l -> l.contains("does not open at chunk 1")).anyMatch(l -> l.contains("cut short"))
                .anyMatch(l -> l.contains("does not open at chunk 3"));

        // A batch file as a program not yet updated writes it: version 1, signed, the batch in clear.
        byte[] clear = BatchJson.write(batchOfB(pair, t, seq, "clear-format", refOf(value(seq))));
        byte[] header = ("crmsync-batch 1 " + seq + " " + clear.length + " "
                + Signatures.signFile(key, "batch", seq, clear) + "\n").getBytes(StandardCharsets.US_ASCII);
        drop(bToA, BatchFiles.name(seq), concat(header, clear));
        await("the clear file quarantined, A's status saying to update the other program").atMost(SYNC_TIMEOUT)
                .pollInterval(POLL).until(() -> list(quarantine).size() == 7 && String.valueOf(
                        a.admin().status(pair.activeId).get("lastError")).contains("update the other program"));
        assertThat(a.db().queryLong("SELECT COUNT(*) FROM " + t)).as("rows applied in A").isZero();

        // The sync carries on: once B's side is there, later values arrive both ways.
        pair.createPassive(passiveBody);
        pair.mapOnPassive(t, BOTH, DOC_COLUMNS);
        b.db().exec("INSERT INTO " + t + " (name, doc) VALUES (?, ?)", "from-b", value(11));
        a.db().exec("INSERT INTO " + t + " (name, doc) VALUES (?, ?)", "from-a", value(12));
        awaitSameDoc(a, t, "from-b");
        awaitSameDoc(b, t, "from-a");
        for (String name : tampers.keySet()) {
            assertThat(a.db().queryLong("SELECT COUNT(*) FROM " + t + " WHERE name = ?", name)).as(name + " in A")
                    .isZero();
        }

        // Replayed: B's batch files, applied and acknowledged, put back where A reads them, one of them also
        // renamed to a number A has not seen. The first are old to A, the renamed one is quarantined; none
        // undoes the edit A made since.
        a.db().exec("UPDATE " + t + " SET name = ? WHERE name = ?", "from-b-renamed-in-a", "from-b");
        await("B has A's edit").atMost(SYNC_TIMEOUT).pollInterval(POLL).until(() ->
                b.db().queryLong("SELECT COUNT(*) FROM " + t + " WHERE name = ?", "from-b-renamed-in-a") == 1);
        Path archive = bToA.resolve("archive");
        List<String> sent = list(archive).stream().filter(n -> n.endsWith(".batch")).sorted().toList();
        assertThat(sent).as("B's acknowledged batch files").isNotEmpty();
        Files.copy(archive.resolve(sent.get(0)), bToA.resolve(".replay.test"));
        Files.move(bToA.resolve(".replay.test"), bToA.resolve(BatchFiles.name(999_999)), StandardCopyOption.ATOMIC_MOVE);
        for (String name : sent) {
            Files.move(archive.resolve(name), bToA.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        await("the renamed replay quarantined").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> list(quarantine).stream().anyMatch(n -> n.startsWith(BatchFiles.name(999_999))));
        b.db().exec("UPDATE " + t + " SET doc = ? WHERE name = ?", value(13), "from-b-renamed-in-a");
        awaitSameDoc(a, t, "from-b-renamed-in-a");
        assertThat(a.db().query("SELECT name FROM " + t + " ORDER BY name", rs -> rs.getString(1)))
                .as("rows in A after the replays").containsExactly("from-a", "from-b-renamed-in-a");
    }

    @Test
    void tamperedLargeValuesOverHttpAreRefusedAndTheSyncCarriesOn() throws IOException {
        try (BlobTamperProxy proxy = new BlobTamperProxy(TAMPER_PROXY_PORT, b.program().port())) {
            SyncPair pair = register(SyncPair.create(a.admin(), b.admin(), "it-seal-tamper-http", SYNC_PASSWORD,
                    SYNC_PASSWORD, kind::stored,
                    url -> url.replace(":" + b.program().port() + "/", ":" + TAMPER_PROXY_PORT + "/")));
            String t = "sealed_tamper_http";
            createDocsTables(t);
            pair.addFields(t, BOTH, BOTH, DOC_COLUMNS);
            b.db().exec("INSERT INTO " + t + " (name, doc) VALUES (?, ?)", "before", value(20));
            awaitSameDoc(a, t, "before");
            String before = docOf(a, t, "before");

            // B's values on their way to A (A downloads them after B's answer named them), damaged each time.
            proxy.tamper(SealedIT::swapChunksOneAndTwo);
            b.db().exec("UPDATE " + t + " SET doc = ? WHERE name = ?", value(21), "before");
            b.db().exec("INSERT INTO " + t + " (name, doc) VALUES (?, ?)", "later", value(22));
            for (UnaryOperator<byte[]> tamper : List.<UnaryOperator<byte[]>>of(SealedIT::swapChunksOneAndTwo,
                    SealedIT::cutInChunkTwo)) {
                proxy.tamper(tamper);
                await("A refused the damaged value twice").atMost(Duration.ofSeconds(60)).pollInterval(POLL)
                        .until(() -> proxy.tampered() >= 2);
                assertThat(String.valueOf(a.admin().status(pair.activeId).get("lastError")))
                        .contains("fetching a large value");
                assertThat(docOf(a, t, "before")).as("A's value while the new one is refused").isEqualTo(before);
                assertThat(a.db().queryLong("SELECT COUNT(*) FROM " + t + " WHERE name = ?", "later"))
                        .as("B's later row in A: its batch was not applied").isZero();
            }
            assertThat(logOf(a, pair.name)).as("A's log of the sync").filteredOn(l -> l.contains("fetching a large value"))
                    .anyMatch(l -> l.contains("does not open at chunk 1"))
                    .anyMatch(l -> l.contains("cut short") || l.contains("EOF"));

            proxy.tamper(null);
            awaitSameDoc(a, t, "before");
            awaitSameDoc(a, t, "later");
        }
    }

    /** A table (name, doc) on both sides; B's ids start at 1001. */
    private void createDocsTables(String t) {
        for (Side side : List.of(a, b)) {
            side.db().exec("CREATE TABLE " + t + " (id serial PRIMARY KEY, name varchar(200), doc bytea)");
        }
        b.db().exec("ALTER SEQUENCE " + t + "_id_seq RESTART WITH 1001");
    }

    /** The lines of a program's log about sync {@code name}. */
    private static List<String> logOf(Side side, String name) {
        return side.program().log().lines().filter(l -> l.contains("sync '" + name + "'")).toList();
    }

    private static String docOf(Side side, String t, String name) {
        return String.valueOf(side.db().queryScalar(
                "SELECT octet_length(doc) || ':' || md5(doc) FROM " + t + " WHERE name = ?", name));
    }

    private void awaitSameDoc(Side receiver, String t, String name) {
        Side sender = receiver == a ? b : a;
        String want = docOf(sender, t, name);
        await(receiver.label() + " has " + sender.label() + "'s value of " + name).atMost(SYNC_TIMEOUT)
                .pollInterval(POLL).until(() -> want.equals(docOf(receiver, t, name)));
    }

    /**
     * A batch as B would write it: one new row named {@code name} whose doc is the large value {@code ref}
     * (B's field numbers made up: its catalog maps them to A's).
     */
    private Batch batchOfB(SyncPair pair, String t, long seq, String name, BlobRef ref) {
        String origin = b.program().programId();
        List<CatalogEntry> catalog = new ArrayList<>();
        for (String c : DOC_COLUMNS) {
            catalog.add(new CatalogEntry(901 + catalog.size(), stored(t), stored(c), io.crmsync.core.Direction.BOTH,
                    pair.activeNumber(t, c)));
        }
        long stamp = System.currentTimeMillis() << 16;
        RecordChange row = new RecordChange(UUID.randomUUID().toString(), stored(t),
                List.of(new FieldValue(catalog.get(0).number(), name, stamp, origin),
                        new FieldValue(catalog.get(1).number(), ref.text(), stamp, origin)), null, null);
        return new Batch(origin, seq, 0, catalog, List.of(row), false);
    }

    private static byte[] value(long seed) {
        byte[] v = new byte[TAMPER_VALUE_BYTES];
        new Random(seed).nextBytes(v);
        return v;
    }

    private static BlobRef refOf(byte[] plain) {
        try {
            return new BlobRef(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain)),
                    plain.length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sealed value cut in the middle of its chunk 2: what a broken transfer leaves. */
    private static byte[] cutInChunkTwo(byte[] sealed) {
        return Arrays.copyOf(sealed, SEALED_HEAD + 2 * SEALED_CHUNK + SEALED_CHUNK / 2);
    }

    /** The sealed value with its (full, equally long) chunks 1 and 2 in each other's place. */
    private static byte[] swapChunksOneAndTwo(byte[] sealed) {
        byte[] out = sealed.clone();
        System.arraycopy(sealed, SEALED_HEAD + 2 * SEALED_CHUNK, out, SEALED_HEAD + SEALED_CHUNK, SEALED_CHUNK);
        System.arraycopy(sealed, SEALED_HEAD + SEALED_CHUNK, out, SEALED_HEAD + 2 * SEALED_CHUNK, SEALED_CHUNK);
        return out;
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    private static byte[] flipBit(byte[] sealed, int at) {
        byte[] out = sealed.clone();
        out[at] ^= 0x04;
        return out;
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

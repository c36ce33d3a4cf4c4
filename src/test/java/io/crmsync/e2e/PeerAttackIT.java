package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmsync.core.Batch;
import io.crmsync.e2e.RawHttp.Reply;
import io.crmsync.core.CatalogEntry;
import io.crmsync.core.FieldValue;
import io.crmsync.core.RecordChange;
import io.crmsync.security.PeerKeys;
import io.crmsync.security.Seal;
import io.crmsync.security.Signatures;
import io.crmsync.transport.BatchJson;
import io.crmsync.transport.http.ExchangeSeal;
import io.crmsync.transport.http.PeerUrls;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Attacks on the peer endpoint of a passive program (B), with A and B really syncing meanwhile on
 * PostgreSQL: each bad request is refused with the right status, nothing reaches B's table, and the
 * sync still works afterwards; brute force is locked out and recorded; the stored peer key is not in
 * clear. Requests go through a small raw HTTP client: the lockout counts per remote address, and Java
 * 17's HttpClient cannot pick its source address (A's own requests come from 127.0.0.1, so each attack
 * here comes from another loopback address); it also lets the 413 tests send headers without a body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class PeerAttackIT {

    static final String ADMIN_USER = "it-admin";
    static final String ADMIN_PASSWORD = "it-admin-Secret-1";
    static final String SYNC_PASSWORD = "it-sync-Secret-1";
    static final int MAX_FAILURES = 5;
    static final int MAX_SYNC_FAILURES = 30;
    static final int LOCKOUT_SECONDS = 15;
    static final int MAX_BODY = 1024 * 1024;
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(250);
    static final String T = "clients_atk";
    /** deploy/bench.sh uses 8810/8820 too: -Dcrmsync.it.atkPortA/B moves this class elsewhere. */
    static final int PORT_A = Integer.getInteger("crmsync.it.atkPortA", 8810);
    static final int PORT_B = Integer.getInteger("crmsync.it.atkPortB", 8820);

    private final AtomicInteger nextAddress = new AtomicInteger(10);
    private ProgramProcess programA;
    private ProgramProcess programB;
    private CrmDatabase dbA;
    private CrmDatabase dbB;
    private AdminClient adminA;
    private AdminClient adminB;
    private SyncPair pair;

    // ---- lifecycle ------------------------------------------------------------------------------------

    @BeforeAll
    void startProgramsAndSync() {
        Path projectDir = Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir")))
                .toAbsolutePath();
        ProgramProcess.assertPortFree("it-atk-a", PORT_A);
        ProgramProcess.assertPortFree("it-atk-b", PORT_B);
        dbA = CrmDatabase.createFresh(CrmDatabase.Kind.POSTGRES, "it-atk-a", projectDir);
        dbB = CrmDatabase.createFresh(CrmDatabase.Kind.POSTGRES, "it-atk-b", projectDir);
        programA = new ProgramProcess("it-atk-a", PORT_A, projectDir, environment(dbA));
        programB = new ProgramProcess("it-atk-b", PORT_B, projectDir, environment(dbB));
        programA.start();
        programB.start();
        programA.awaitHealthy();
        programB.awaitHealthy();
        adminA = new AdminClient(programA.baseUrl(), ADMIN_USER, ADMIN_PASSWORD);
        adminB = new AdminClient(programB.baseUrl(), ADMIN_USER, ADMIN_PASSWORD);
        ClientsTable.create(dbA, T);
        ClientsTable.create(dbB, T);
        ClientsTable.startIdsAt(dbB, T, 1001);
        pair = SyncPair.create(adminA, adminB, "it-atk", SYNC_PASSWORD, SYNC_PASSWORD, s -> s);
        pair.addFields(T, BOTH, BOTH, List.of("name", "qty"));
        insertInA("before-attacks", 1);
        awaitInB("before-attacks");
    }

    private static Map<String, String> environment(CrmDatabase db) {
        Map<String, String> env = ProgramProcess.environment(db, ADMIN_USER, ADMIN_PASSWORD);
        env.merge("JAVA_OPTS", "-Dcrmsync.peer.maxFailuresPerMinute=" + MAX_FAILURES
                + " -Dcrmsync.peer.maxSyncFailuresPerMinute=" + MAX_SYNC_FAILURES
                + " -Dcrmsync.peer.lockoutSeconds=" + LOCKOUT_SECONDS
                + " -Dcrmsync.peer.maxBodyBytes=" + MAX_BODY, (a, b) -> a + " " + b);
        return env;
    }

    @AfterAll
    void stopPrograms() {
        for (ProgramProcess p : new ProgramProcess[] {programA, programB}) {
            if (p != null) {
                p.stop();
            }
        }
    }

    // ---- requests without the password ----------------------------------------------------------------

    @Test
    @Order(1)
    void requestWithoutCredentialsIsRefused() {
        String body = batchJson("no-creds", 7);
        AdminClient.Response r = AdminClient.request("POST", pair.peerUrl, body, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        String unknownKey = pair.peerUrl.replace(PeerUrls.syncKeyOf(pair.peerUrl), UUID.randomUUID().toString());
        Reply unknown = post(nextAddress(), unknownKey, signed(pair.peerUrl, passiveKey(), body), body.getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(401);
        assertNotInB("no-creds");
    }

    @Test
    @Order(2)
    void wrongPasswordIsRefused() {
        String wrongKey = PeerKeys.derive("not-the-password", PeerUrls.syncKeyOf(pair.peerUrl));
        String body = batchJson("wrong-pw", 7);
        Reply r = post(nextAddress(), pair.peerUrl, signed(pair.peerUrl, wrongKey, body), bytes(body));
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertNotInB("wrong-pw");
    }

    @Test
    @Order(3)
    void tamperedBodyUnderValidHeadersIsRefused() {
        String body = batchJson("tampered", 7);
        Map<String, String> headers = signed(pair.peerUrl, passiveKey(), body);
        Reply r = post(nextAddress(), pair.peerUrl, headers, bytes(body.replace("tampered", "tampereD")));
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertNotInB("tampered");
        assertNotInB("tampereD");
    }

    @Test
    @Order(4)
    void replayedRequestIsRefused() {
        String body = emptyBatchJson();
        Map<String, String> headers = signed(pair.peerUrl, passiveKey(), body);
        String from = nextAddress();
        Reply first = post(from, pair.peerUrl, headers, bytes(body));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        Reply again = post(from, pair.peerUrl, headers, bytes(body));
        assertThat(again.status()).as(again.toString()).isEqualTo(401);
    }

    @Test
    @Order(5)
    void requestOutsideTheTimeWindowIsRefused() {
        for (long offset : new long[] {-600_000, 600_000}) {
            String name = "stale" + (offset < 0 ? "-past" : "-future");
            String body = batchJson(name, 7);
            long time = System.currentTimeMillis() + offset;
            Reply r = post(nextAddress(), pair.peerUrl, signed(pair.peerUrl, passiveKey(), body, time), bytes(body));
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.toString()).contains("clock skew");
            assertNotInB(name);
        }
    }

    // ---- signed requests with bad content ---------------------------------------------------------------

    @Test
    @Order(6)
    void signedButInvalidBatchesAreRefusedWith400() {
        int name = pair.activeNumber(T, "name");
        int qty = pair.activeNumber(T, "qty");
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("malformed JSON", "{\"v\":1,\"from\":");
        bodies.put("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000));
        bodies.put("unknown field number", batchJson("unknown-field", 7).replace("[" + name + ",", "[9999,"));
        bodies.put("number where text belongs", batchJson("wrong-json-type", 7)
                .replace("\"wrong-json-type\"", "12345"));
        bodies.put("text for an integer column", batchJson("wrong-column-type", 7)
                .replace("[" + qty + ",\"7\"", "[" + qty + ",\"seven\""));
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            Reply r = post(nextAddress(), pair.peerUrl, signed(pair.peerUrl, passiveKey(), e.getValue()), bytes(e.getValue()));
            assertThat(r.status()).as(e.getKey() + ": " + r).isEqualTo(400);
        }
        for (String n : List.of("unknown-field", "wrong-json-type", "wrong-column-type")) {
            assertNotInB(n);
        }
        assertThat(dbB.queryLong("SELECT COUNT(*) FROM " + T + " WHERE qty = 12345 OR name IS NULL")).isZero();
    }

    @Test
    @Order(6)
    void aSignedBatchInTheOldClearFormatIsRefusedWithAWordToUpdateTheOtherProgram() {
        byte[] clear = bytes(batchJson("clear-format", 7)); // never signed through signed(): not sealed
        long time = System.currentTimeMillis();
        String nonce = Signatures.newNonce();
        Map<String, String> headers = Map.of(Signatures.TIME, Long.toString(time), Signatures.NONCE, nonce,
                Signatures.SIGNATURE, Signatures.signRequest(passiveKey(), PeerUrls.syncKeyOf(pair.peerUrl), time, nonce, clear));
        Reply r = post(nextAddress(), pair.peerUrl, headers, clear);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.body()).contains("update the other program");
        assertNotInB("clear-format");
    }

    @Test
    @Order(7)
    void announcedOversizedBodyGets413WithoutBeingSent() throws IOException {
        String body = emptyBatchJson();
        try (Socket s = connect(nextAddress())) {
            writeHead(s, pair.peerUrl, signed(pair.peerUrl, passiveKey(), body), "Content-Length: 10000000000");
            s.getOutputStream().write(bytes(body)); // a few bytes of the ten billion announced
            // Only a server that does not wait for the body can answer now.
            Reply r = RawHttp.readReply(s.getInputStream());
            assertThat(r.status()).as(r.toString()).isEqualTo(413);
        }
    }

    @Test
    @Order(8)
    void chunkedBodyIsCutOffAtTheLimit() throws IOException {
        try (Socket s = connect(nextAddress())) {
            writeHead(s, pair.peerUrl, signed(pair.peerUrl, passiveKey(), "x"), "Transfer-Encoding: chunked");
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent <= MAX_BODY + chunk.length; sent += chunk.length) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            // No last chunk: the body never ends, so the answer proves the server stopped reading.
            Reply r = RawHttp.readReply(s.getInputStream());
            assertThat(r.status()).as(r.toString()).isEqualTo(413);
        }
    }

    // ---- brute force ------------------------------------------------------------------------------------

    @Test
    @Order(9)
    void bruteForceFromOneAddressIsLockedOutRecordedAndTheRightPasswordWorksAfterwards() {
        Lonely sync = lonelySync("it-atk-bf");
        String attacker = nextAddress();
        String wrongKey = PeerKeys.derive("guess", sync.key);
        for (int i = 1; i <= MAX_FAILURES; i++) {
            Reply r = postEmpty(attacker, sync.peerUrl, wrongKey);
            assertThat(r.status()).as("attempt " + i + ": " + r).isEqualTo(401);
        }
        Reply locked = postEmpty(attacker, sync.peerUrl, wrongKey);
        assertThat(locked.status()).as(locked.toString()).isEqualTo(429);
        assertThat(Integer.parseInt(locked.headers().get("retry-after"))).isBetween(1, LOCKOUT_SECONDS);
        Reply rightButLocked = postEmpty(attacker, sync.peerUrl, sync.peerKey);
        assertThat(rightButLocked.status()).as("the right password while locked out").isEqualTo(429);

        String expected = "locked out " + attacker + " for " + LOCKOUT_SECONDS + " s after " + MAX_FAILURES
                + " failed attempts";
        assertThat(adminB.status(sync.id).getString("lastError", "")).contains(expected);
        assertThat(programB.logTail(400)).contains(expected);
        // Other addresses, A's among them, are not affected.
        Reply other = postEmpty(nextAddress(), sync.peerUrl, sync.peerKey);
        assertThat(other.status()).as(other.toString()).isEqualTo(200);
        insertInA("during-lockout", 2);
        awaitInB("during-lockout");

        await("lockout of " + attacker + " ends").atMost(Duration.ofSeconds(LOCKOUT_SECONDS + 30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> postEmpty(attacker, sync.peerUrl, sync.peerKey).status() == 200);
    }

    @Test
    @Order(9)
    void strangersWithoutThePeerUrlNeverLockOutTheProgramBehindTheSameAddress() {
        Lonely sync = lonelySync("it-atk-nat");
        String shared = nextAddress(); // the active program and a stranger behind one NAT
        for (int i = 1; i <= MAX_FAILURES + 3; i++) {
            String unknownUrl = sync.peerUrl.replace(sync.key, UUID.randomUUID().toString());
            Reply r = postEmpty(shared, unknownUrl, sync.peerKey);
            assertThat(r.status()).as("stranger's attempt " + i + ": " + r).isIn(401, 429);
            if (i > MAX_FAILURES) {
                assertThat(r.status()).as("stranger's attempt " + i + " after the limit: " + r).isEqualTo(429);
                assertThat(r.body()).contains("locked out requests with an unknown peer URL from " + shared);
            }
        }
        Reply legitimate = postEmpty(shared, sync.peerUrl, sync.peerKey);
        assertThat(legitimate.status()).as("the right peer URL and password from the same address: " + legitimate)
                .isEqualTo(200);
        assertThat(programB.logTail(400)).contains("locked out requests with an unknown peer URL from " + shared);
    }

    @Test
    @Order(10)
    void failuresFromManyAddressesLockTheSyncOutForAWhile() {
        Lonely sync = lonelySync("it-atk-dist");
        String wrongKey = PeerKeys.derive("guess", sync.key);
        Reply last = null;
        int attempts = 0;
        while (attempts < MAX_SYNC_FAILURES + MAX_FAILURES) {
            String address = nextAddress();
            for (int i = 0; i < MAX_FAILURES - 1; i++) {
                last = postEmpty(address, sync.peerUrl, wrongKey);
                attempts++;
            }
            if (last.status() == 429) {
                break;
            }
        }
        assertThat(last.status()).as("after " + attempts + " failures from several addresses: " + last)
                .isEqualTo(429);
        Reply fresh = postEmpty(nextAddress(), sync.peerUrl, sync.peerKey);
        assertThat(fresh.status()).as("the right password from a new address while the sync is locked").isEqualTo(429);
        assertThat(adminB.status(sync.id).getString("lastError", "")).contains("locked out every address for "
                + LOCKOUT_SECONDS + " s after " + MAX_SYNC_FAILURES + " failed attempts");
        await("lockout of the sync ends").atMost(Duration.ofSeconds(LOCKOUT_SECONDS + 30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> postEmpty(nextAddress(), sync.peerUrl, sync.peerKey).status() == 200);
    }

    // ---- secrets and the program unharmed -------------------------------------------------------------

    @Test
    @Order(11)
    void peerKeyIsStoredEncryptedAndNoSecretIsShown() {
        String derived = passiveKey();
        for (CrmDatabase db : List.of(dbA, dbB)) {
            List<Map<String, Object>> rows = db.queryRows("SELECT name, peer_key FROM crmsync_sync");
            assertThat(rows).isNotEmpty();
            for (Map<String, Object> row : rows) {
                String stored = String.valueOf(row.get("peer_key"));
                assertThat(stored).as(db + " " + row.get("name")).startsWith("enc1:").doesNotContain(derived);
            }
        }
        for (AdminClient admin : List.of(adminA, adminB)) {
            String syncs = admin.send("GET", "/syncs", null).body();
            String page = AdminClient.request("GET", admin.baseUrl() + "/crmsync/settings?edit="
                    + (admin == adminA ? pair.activeId : pair.passiveId), null, basicAdmin()).body();
            for (String shown : List.of(syncs, page)) {
                assertThat(shown).contains("it-atk").doesNotContain(SYNC_PASSWORD).doesNotContain(derived)
                        .doesNotContain("enc1:");
            }
        }
        for (ProgramProcess p : List.of(programA, programB)) {
            assertThat(p.logTail(100_000)).as("log of " + p).doesNotContain(SYNC_PASSWORD).doesNotContain(derived)
                    .doesNotContain(ADMIN_PASSWORD);
        }
    }

    @Test
    @Order(11)
    void everyPathTheWarDeclaresRefusesStrangersOnPayara() {
        AtomicInteger next = new AtomicInteger(1);
        List<DeclaredEndpoints.Endpoint> checked =
                DeclaredEndpoints.assertEveryPathRefusesStrangers(programB.port(), () -> "127.0.2." + next.getAndIncrement());
        assertThat(checked).map(Object::toString)
                .contains("GET /api/admin/syncs", "POST /api/peer/0000000000000000/exchange", "GET /settings");
    }

    @Test
    @Order(12)
    void syncStillWorksInBothDirectionsAfterTheAttacks() {
        insertInA("after-attacks", 3);
        awaitInB("after-attacks");
        ClientsTable.insert(dbB, T, Map.of("name", "from-b-after-attacks", "qty", 4));
        await("from-b-after-attacks in A").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> ClientsTable.countNamed(dbA, T, "from-b-after-attacks") == 1);
        assertThat(ClientsTable.duplicateNames(dbB, T)).isEmpty();
        await("A connected").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> pair.activeStatus().getBoolean("connected", false));
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** A passive sync on B with no active side: nothing but the test's requests touches its status. */
    private record Lonely(String id, String peerUrl, String key, String peerKey) {
    }

    private Lonely lonelySync(String name) {
        JsonObject s = adminB.createSync(AdminClient.syncBody(name, "PASSIVE", 1, SYNC_PASSWORD, null));
        String url = s.getString("peerUrl");
        String key = PeerUrls.syncKeyOf(url);
        return new Lonely(AdminClient.idOf(s), url, key, PeerKeys.derive(SYNC_PASSWORD, key));
    }

    private String passiveKey() {
        return PeerKeys.derive(SYNC_PASSWORD, PeerUrls.syncKeyOf(pair.peerUrl));
    }

    /** One new record with name and qty, as A would send it (A's field numbers, A's program id). */
    private String batchJson(String name, int qty) {
        String origin = programA.programId();
        long hlc = System.currentTimeMillis() << 16;
        int nameNo = pair.activeNumber(T, "name");
        int qtyNo = pair.activeNumber(T, "qty");
        Batch b = new Batch(origin, 1, 0,
                List.of(new CatalogEntry(nameNo, T, "name", io.crmsync.core.Direction.BOTH, null),
                        new CatalogEntry(qtyNo, T, "qty", io.crmsync.core.Direction.BOTH, null)),
                List.of(new RecordChange(UUID.randomUUID().toString(), T,
                        List.of(new FieldValue(nameNo, name, hlc, origin),
                                new FieldValue(qtyNo, Integer.toString(qty), hlc, origin)), null, null)),
                false);
        return new String(BatchJson.write(b), StandardCharsets.UTF_8);
    }

    private static String emptyBatchJson() {
        Batch b = new Batch(UUID.randomUUID().toString(), 1, 0, List.of(), List.of(), false);
        return new String(BatchJson.write(b), StandardCharsets.UTF_8);
    }

    /** Headers signing {@code body} for the sync of {@code url} with {@code key}, at the current time. */
    private static Map<String, String> signed(String url, String key, String body) {
        return signed(url, key, body, System.currentTimeMillis());
    }

    private static Map<String, String> signed(String url, String key, String body, long time) {
        String nonce = Signatures.newNonce();
        String syncKey = PeerUrls.syncKeyOf(url);
        byte[] sealed = SEALED.computeIfAbsent(body,
                json -> Seal.of(key).seal(json.getBytes(StandardCharsets.UTF_8), ExchangeSeal.request(syncKey)));
        return Map.of(Signatures.TIME, Long.toString(time), Signatures.NONCE, nonce,
                Signatures.SIGNATURE, Signatures.signRequest(key, syncKey, time, nonce, sealed));
    }

    /**
     * Exchange bodies travel sealed: a JSON text signed by {@link #signed} is sealed once, and
     * {@link #bytes} then gives the same sealed bytes to post; any other text goes as it is.
     */
    private static final Map<String, byte[]> SEALED = new java.util.concurrent.ConcurrentHashMap<>();

    private void insertInA(String name, int qty) {
        ClientsTable.insert(dbA, T, Map.of("name", name, "qty", qty));
    }

    private void awaitInB(String name) {
        await(name + " in B").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> ClientsTable.countNamed(dbB, T, name) == 1);
    }

    private void assertNotInB(String name) {
        assertThat(ClientsTable.countNamed(dbB, T, name)).as(name + " in B").isZero();
    }

    private static String basicAdmin() {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        byte[] sealed = SEALED.get(s);
        return sealed != null ? sealed : s.getBytes(StandardCharsets.UTF_8);
    }

    private String nextAddress() {
        return "127.0.0." + nextAddress.getAndIncrement();
    }

    // ---- requests from a chosen source address (RawHttp) -------------------------------------------------

    private Reply post(String from, String url, Map<String, String> headers, byte[] body) {
        return RawHttp.send(from, programB.port(), "POST", url, headers, body);
    }

    /** An empty batch from {@code from}, signed with {@code key} for the sync of {@code url}. */
    private Reply postEmpty(String from, String url, String key) {
        String body = emptyBatchJson();
        return post(from, url, signed(url, key, body), bytes(body));
    }

    private Socket connect(String from) throws IOException {
        return RawHttp.connect(from, programB.port());
    }

    private static void writeHead(Socket s, String url, Map<String, String> headers, String length)
            throws IOException {
        RawHttp.writeHead(s, "POST", url, headers, length);
    }
}

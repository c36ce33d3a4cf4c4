package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmsync.core.ConflictPolicy;
import io.crmsync.e2e.TwoProgramsIT.Side;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A head office with two branches, three real programs on PostgreSQL (ports 9410, 9420, 9430): head
 * office B is passive for branch A over HTTP (A active) and passive for branch C over LOCAL folders (C
 * active). Nothing links A and C: whatever reaches the other branch went through B.
 */
class HubIT extends ManyProgramsIT {
    static final List<String> COLUMNS = List.of("name", "phone", "qty", "note", "record_status");
    /** How long the head office stays down while the branches work on. */
    static final Duration HEAD_OFFICE_DOWN = Duration.ofSeconds(30);

    private Side a;
    private Side b;
    private Side c;

    HubIT() {
        super(List.of(
                new Spec("A", "hub-a", CrmDatabase.Kind.POSTGRES, 9410),
                new Spec("B", "hub-b", CrmDatabase.Kind.POSTGRES, 9420),
                new Spec("C", "hub-c", CrmDatabase.Kind.POSTGRES, 9430)));
    }

    /** The table clients_&lt;shortName&gt; synced both ways on both links of the head office. */
    private String hub(String shortName) {
        a = side("A");
        b = side("B");
        c = side("C");
        String t = newTable(shortName);
        syncTable(httpPair("hub-" + shortName + "-a", a, b), t, COLUMNS);
        syncTable(localPair("hub-" + shortName + "-c", c, b), t, COLUMNS);
        return t;
    }

    // ---- scenarios ------------------------------------------------------------------------------------

    @Test
    void insertUpdateSoftAndHardDeleteInOneBranchReachTheOtherThroughTheHeadOffice() {
        String t = hub("relay");
        editsArriveEverywhere(t, a, c, "from-a");
        editsArriveEverywhere(t, c, a, "from-c");
        awaitAllEqual(t, COLUMNS, SYNC_TIMEOUT, 4);
        awaitJournalsSettle();
        assertNoChangeCameBackToItsOrigin(t);
    }

    /** Insert, update, soft delete and hard delete in {@code from}; each awaited in the other two. */
    private void editsArriveEverywhere(String t, Side from, Side to, String prefix) {
        List<Side> others = List.of(b, to);
        String kept = prefix + "-kept";
        String soft = prefix + "-soft";
        String hard = prefix + "-hard";
        ClientsTable.insert(from.db(), t, row("name", kept, "phone", "1", "qty", 1));
        ClientsTable.insert(from.db(), t, row("name", soft, "phone", "2", "qty", 2));
        ClientsTable.insert(from.db(), t, row("name", hard, "phone", "3", "qty", 3));
        others.forEach(s -> awaitValue(s, t, hard, "phone", "3"));

        from.db().exec("UPDATE " + t + " SET phone = ?, note = ? WHERE name = ?", "1-new", "updated", kept);
        others.forEach(s -> awaitValue(s, t, kept, "phone", "1-new"));
        others.forEach(s -> awaitValue(s, t, kept, "note", "updated"));
        // The branch that got it through the head office knows where it was made.
        assertThat(to.admin().log(null, t, 200).stream().map(JsonValue::asJsonObject)
                .filter(e -> "IN".equals(e.getString("direction", null))
                        && "updated".equals(TwoProgramsIT.text(e.get("newValue")))).toList())
                .as("log of " + to.label() + " for the update relayed from " + from.label()).isNotEmpty()
                .allMatch(e -> from.program().programId().equals(e.getString("origin", null)));

        from.db().exec("UPDATE " + t + " SET record_status = 1 WHERE name = ?", soft);
        others.forEach(s -> awaitValue(s, t, soft, "record_status", 1L));

        from.db().exec("DELETE FROM " + t + " WHERE name = ?", hard);
        others.forEach(s -> awaitGone(s, t, hard));
        for (Side s : all()) {
            assertThat(ClientsTable.countNamed(s.db(), t, soft)).as("soft-deleted row stays in " + s.label())
                    .isEqualTo(1);
        }
    }

    @Test
    void everythingConvergesAfterTheHeadOfficeWasDownWhileBothBranchesEdited() {
        String t = hub("down");
        ClientsTable.insert(a.db(), t, row("name", "old-a", "phone", "a-0"));
        ClientsTable.insert(c.db(), t, row("name", "old-c", "phone", "c-0"));
        awaitAllEqual(t, COLUMNS, SYNC_TIMEOUT, 2);

        SteadyEditStream editsA = new SteadyEditStream("a", a.db(), t, () -> true);
        SteadyEditStream editsC = new SteadyEditStream("c", c.db(), t, () -> true);
        List<SteadyEditStream> streams = List.of(editsA, editsC);
        b.program().stop();
        long stoppedAt = System.nanoTime();
        try {
            editsA.start(Duration.ofMillis(500));
            editsC.start(Duration.ofMillis(500));
            a.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "a-1", "old-c");
            c.db().exec("UPDATE " + t + " SET phone = ?, record_status = 1 WHERE name = ?", "c-1", "old-a");
            await("head office down for " + HEAD_OFFICE_DOWN).atMost(HEAD_OFFICE_DOWN.plusSeconds(10))
                    .pollInterval(POLL).until(() -> System.nanoTime() - stoppedAt >= HEAD_OFFICE_DOWN.toNanos());
        } finally {
            editsA.stop();
            editsC.stop();
        }
        assertThat(ClientsTable.count(a.db(), t)).as("A got nothing of C's while B was down")
                .isEqualTo(2 + editsA.confirmedCount());
        b.program().start();
        b.program().awaitHealthy();

        awaitAllEqual(t, COLUMNS, CATCH_UP_TIMEOUT, -1);
        assertEveryEditArrivedOnce(t, streams, Set.of("old-a", "old-c"));
        for (Side s : all()) {
            assertThat(ClientsTable.value(s.db(), t, "old-c", "phone")).as(s.label()).isEqualTo("a-1");
            assertThat(ClientsTable.value(s.db(), t, "old-a", "phone")).as(s.label()).isEqualTo("c-1");
            assertThat(ClientsTable.value(s.db(), t, "old-a", "record_status")).as(s.label()).isEqualTo(1L);
        }
    }

    @Test
    void aKilledHeadOfficeLosesAndDoublesNothingOfTheBranchesSteadyEdits() {
        String t = hub("kill");
        SteadyEditStream editsA = new SteadyEditStream("a", a.db(), t, () -> true);
        SteadyEditStream editsC = new SteadyEditStream("c", c.db(), t, () -> true);
        List<SteadyEditStream> streams = List.of(editsA, editsC);
        try {
            editsA.start(Duration.ofMillis(100));
            editsC.start(Duration.ofMillis(100));
            TwoProgramsIT.awaitMoreEdits(streams, 30);
            b.program().kill();
            TwoProgramsIT.awaitMoreEdits(streams, 20);
            b.program().start();
            b.program().awaitHealthy();
            TwoProgramsIT.awaitMoreEdits(streams, 30);
        } finally {
            editsA.stop();
            editsC.stop();
        }
        awaitAllEqual(t, COLUMNS, CATCH_UP_TIMEOUT, -1);
        assertEveryEditArrivedOnce(t, streams);
        awaitJournalsSettle();
    }

    @Test
    void simultaneousEditsOfTheSameFieldsInAllThreeConvergeAndNothingLoops() {
        String t = hub("same");
        List<String> names = IntStream.range(0, 6).mapToObj(i -> "same-" + i).toList();
        names.forEach(n -> ClientsTable.insert(a.db(), t, row("name", n, "phone", "start", "qty", 0)));
        awaitAllEqual(t, COLUMNS, SYNC_TIMEOUT, names.size());
        long journalA = a.db().queryLong("SELECT COALESCE(MAX(seq), 0) FROM crmsync_journal");

        for (int round = 1; round <= 2; round++) {
            int r = round;
            CompletableFuture.allOf(all().stream().map(s -> CompletableFuture.runAsync(() -> names.forEach(n ->
                    s.db().exec("UPDATE " + t + " SET phone = ?, qty = qty + 1 WHERE name = ?",
                            s.label() + "-" + r, n)))).toArray(CompletableFuture[]::new)).join();
        }

        awaitAllEqual(t, COLUMNS, SYNC_TIMEOUT, names.size());
        for (String n : names) {
            assertThat(ClientsTable.value(b.db(), t, n, "phone")).as(n).isIn("A-2", "B-2", "C-2");
        }
        awaitJournalsSettle();
        // A journals only its own edits (what it receives has no other sync to go to): two fields of each
        // record per round at most, not an echo.
        assertThat(a.db().queryLong("SELECT COALESCE(MAX(seq), 0) FROM crmsync_journal") - journalA)
                .as("journal entries A added").isLessThanOrEqualTo(names.size() * 2L * 2);
    }

    /** Between branch A and the head office, so that A's link can be cut while C's is not. */
    static final int PROXY_PORT = 9440;

    /**
     * The same field edited in both branches while A's link is cut: C's later edit reaches the head
     * office first, then A's arrives there. The head office decides by the policy of A's sync (set on
     * A, the active side, and on C the same): NEWEST_WINS and PASSIVE_WINS keep C's value (the newer,
     * and the one the passive head office holds), ACTIVE_WINS A's. All three programs end with it, the
     * head office's log has the conflict with both values and the programs' names, and its sync shows
     * the policy A told it.
     */
    @ParameterizedTest
    @EnumSource(ConflictPolicy.class)
    void simultaneousEditsOfOneFieldInBothBranchesEndAsTheBranchesPolicySays(ConflictPolicy policy) {
        a = side("A");
        b = side("B");
        c = side("C");
        String t = newTable("cf_" + policy.name().substring(0, 3).toLowerCase(Locale.ROOT));
        try (FaultProxy proxy = new FaultProxy(PROXY_PORT, 9420)) {
            SyncPair ab = httpPair("hub-cf-a-" + policy, a, b,
                    url -> url.replace(":9420/", ":" + PROXY_PORT + "/"));
            SyncPair cb = localPair("hub-cf-c-" + policy, c, b);
            syncTable(ab, t, COLUMNS);
            syncTable(cb, t, COLUMNS);
            JsonObject setPolicy = JsonSupport.object().add("conflictPolicy", policy.name()).build();
            assertThat(a.admin().updateSync(ab.activeId, setPolicy).getString("conflictPolicy"))
                    .isEqualTo(policy.name());
            c.admin().updateSync(cb.activeId, setPolicy);
            ClientsTable.insert(a.db(), t, row("name", "fought", "phone", "start", "qty", 1));
            awaitAllEqual(t, COLUMNS, SYNC_TIMEOUT, 1);

            proxy.set(FaultProxy.Fault.REFUSE);
            a.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "from-a", "fought");
            long editedAt = System.currentTimeMillis();
            await("a later millisecond").atMost(Duration.ofSeconds(1))
                    .until(() -> System.currentTimeMillis() > editedAt + 20);
            c.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "from-c", "fought");
            awaitValue(b, t, "fought", "phone", "from-c");
            assertThat(ClientsTable.value(a.db(), t, "fought", "phone")).as("A, cut off").isEqualTo("from-a");

            proxy.set(FaultProxy.Fault.NONE);
            String expected = policy == ConflictPolicy.ACTIVE_WINS ? "from-a" : "from-c";
            String lost = expected.equals("from-a") ? "from-c" : "from-a";
            all().forEach(s -> awaitValue(s, t, "fought", "phone", expected));
            awaitAllEqual(t, COLUMNS, SYNC_TIMEOUT, 1);

            JsonArray conflicts = b.admin().send("GET", "/log?conflict=true&table=" + t, null).json().asJsonArray();
            assertThat(conflicts).as("B's conflicts").isNotEmpty();
            JsonObject row = conflicts.stream().map(JsonValue::asJsonObject)
                    .filter(r -> r.getString("column").equalsIgnoreCase("phone")).findFirst().orElseThrow();
            assertThat(row.getBoolean("conflict")).isTrue();
            JsonObject detail = row.getJsonObject("conflictDetail");
            assertThat(detail.getString("rule")).isEqualTo(policy.name());
            assertThat(detail.getJsonObject("kept").getString("value")).isEqualTo(expected);
            assertThat(detail.getJsonObject("lost").getString("value")).isEqualTo(lost);
            assertThat(detail.getJsonObject("kept").getString("originName"))
                    .isEqualTo(expected.equals("from-a") ? "hub-a" : "hub-c");
            assertThat(detail.getJsonObject("lost").getString("originName"))
                    .isEqualTo(expected.equals("from-a") ? "hub-c" : "hub-a");
            assertThat(b.admin().sync(ab.passiveId).getString("conflictPolicy")).as("what A told B")
                    .isEqualTo(policy.name());
            awaitJournalsSettle();
        }
    }
}

package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same WAR on WildFly (issue 16): program A runs in WildFly 39 (RESTEasy, JBeret, the CRM data source
 * defined in the server, started by {@code SERVER=wildfly deploy/run-program.sh}), program B in Payara
 * Micro, both on the database of the subclass. The admin API refuses every call without the
 * administrator's login (it answered without one on WildFly before), and so does every other path the WAR
 * declares; an HTTP sync with A active carries inserts, updates both ways, a hard and a soft delete and a
 * large value both ways, and both programs' change log and health tell of it; WildFly undeploys at
 * shutdown without a cycle loop outliving the application's contexts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WildFlyScenarios extends TwoProgramsIT {
    static final List<String> COLUMNS = List.of("name", "phone", "qty");

    /** A (WildFly) on {@code portA}, B (Payara Micro) on {@code portB}, both on {@code kind}. */
    protected WildFlyScenarios(CrmDatabase.Kind kind, String prefix, int portA, int portB) {
        super(kind, prefix, portA, portB);
    }

    /** A is started as an administrator would: {@code SERVER=wildfly deploy/run-program.sh}. */
    @Override
    protected Map<String, String> extraEnvironment(String label) {
        return label.equals("A") ? Map.of("SERVER", "wildfly") : Map.of();
    }

    @Test
    @Order(1)
    void theAdminApiRefusesEveryCallWithoutTheAdministratorsLoginOnWildFly() {
        String base = a.program().baseUrl() + "/crmsync/api/admin";
        String body = AdminClient.syncBody("it-wf-anon", "PASSIVE", 1, SYNC_PASSWORD, null).toString();
        for (String auth : new String[] {null, AdminClient.basic(ADMIN_USER, "wrong-password")}) {
            assertThat(AdminClient.request("GET", base + "/schema", null, auth).status()).isEqualTo(401);
            assertThat(AdminClient.request("GET", base + "/log", null, auth).status()).isEqualTo(401);
            assertThat(AdminClient.request("GET", base + "/syncs", null, auth).status()).isEqualTo(401);
            assertThat(AdminClient.request("POST", base + "/syncs", body, auth).status()).isEqualTo(401);
            assertThat(AdminClient.request("GET", base + "//syncs", null, auth).status()).isIn(401, 404);
        }
        assertThat(a.admin().syncs()).noneMatch(s -> s.asJsonObject().getString("name").equals("it-wf-anon"));
        assertThat(AdminClient.request("GET", a.program().baseUrl() + "/crmsync/api/health", null, null).status())
                .isEqualTo(200);
        assertThat(AdminClient.request("GET", a.program().baseUrl() + "/crmsync/api/menu", null, null).status())
                .isEqualTo(200);
        assertThat(a.admin().schema()).isNotNull();
    }

    @Test
    @Order(1)
    void everyPathTheWarDeclaresRefusesStrangersOnWildFly() {
        AtomicInteger next = new AtomicInteger(1);
        List<DeclaredEndpoints.Endpoint> checked =
                DeclaredEndpoints.assertEveryPathRefusesStrangers(a.program().port(), () -> "127.0.1." + next.getAndIncrement());
        assertThat(checked).map(Object::toString)
                .contains("GET /api/admin/syncs", "POST /api/peer/0000000000000000/exchange", "GET /settings");
        assertThat(a.admin().schema()).as("the administrator still gets in").isNotNull();
    }

    @Test
    @Order(2)
    void anHttpSyncBetweenWildFlyAndPayaraCarriesInsertsUpdatesAndDeletesBothWays() {
        String t = newTable("wf");
        SyncPair pair = newPair("wf");
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        ClientsTable.insert(a.db(), t, row("name", "from-wildfly", "phone", "1", "qty", 1));
        ClientsTable.insert(b.db(), t, row("name", "from-payara", "phone", "2", "qty", 2));
        awaitValue(b, t, "from-wildfly", "phone", "1");
        awaitValue(a, t, "from-payara", "phone", "2");
        b.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "11", "from-wildfly");
        a.db().exec("UPDATE " + t + " SET qty = ? WHERE name = ?", 22, "from-payara");
        awaitValue(a, t, "from-wildfly", "phone", "11");
        awaitValue(b, t, "from-payara", "qty", 22);
        // A hard delete in A: B has a record-status column (found by name), so the row is marked deleted.
        a.db().exec("DELETE FROM " + t + " WHERE name = ?", "from-payara");
        awaitValue(b, t, "from-payara", "record_status", 1L);
        assertThat(ClientsTable.row(b.db(), t, "from-wildfly", COLUMNS))
                .isEqualTo(ClientsTable.row(a.db(), t, "from-wildfly", COLUMNS));
        assertThat(a.admin().status(pair.activeId).getBoolean("connected")).isTrue();
    }

    @Test
    @Order(2)
    void softDeletesALargeValueAndTheChangeLogWorkBetweenWildFlyAndPayara() {
        String t = newTable("wfsoft");
        String docs = "docs_wf";
        String blob = kind == CrmDatabase.Kind.MARIADB ? "longblob" : "bytea";
        String id = kind == CrmDatabase.Kind.MARIADB ? "id int AUTO_INCREMENT PRIMARY KEY" : "id serial PRIMARY KEY";
        for (Side side : List.of(a, b)) {
            side.db().exec("CREATE TABLE " + docs + " (" + id + ", name varchar(200), doc " + blob + ")");
        }
        SyncPair pair = newPair("wfsoft");
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        pair.addFields(docs, BOTH, BOTH, List.of("name", "doc"));
        ClientsTable.insert(a.db(), t, row("name", "soft", "phone", "1", "qty", 1));
        awaitValue(b, t, "soft", "phone", "1");
        b.db().exec("UPDATE " + t + " SET record_status = 1 WHERE name = ?", "soft");
        awaitValue(a, t, "soft", "record_status", 1L);
        assertThat(ClientsTable.countNamed(a.db(), t, "soft")).as("the soft-deleted row stays").isEqualTo(1);

        // Above Dialect.INLINE_BINARY_BYTES, so it travels as a large value, both ways.
        byte[] doc = new byte[3 << 20];
        new java.util.Random(16).nextBytes(doc);
        a.db().exec("INSERT INTO " + docs + " (name, doc) VALUES (?, ?)", "contract", doc);
        String digest = "SELECT CONCAT(octet_length(doc), ':', md5(doc)) FROM " + docs + " WHERE name = ?";
        Object sent = a.db().queryScalar(digest, "contract");
        await("B has A's 3 MB value").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> sent.equals(b.db().queryScalar(digest, "contract")));
        doc[12345] ^= 1;
        b.db().exec("UPDATE " + docs + " SET doc = ? WHERE name = ?", doc, "contract");
        Object back = b.db().queryScalar(digest, "contract");
        await("A has B's changed value").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> back.equals(a.db().queryScalar(digest, "contract")));

        // Health without a login, the same story as the green tick: ready, nothing left to send.
        for (Side side : List.of(a, b)) {
            String syncId = side == a ? pair.activeId : pair.passiveId;
            await("health of " + side.label() + " shows the sync ready").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                    .untilAsserted(() -> {
                        jakarta.json.JsonObject h = healthOf(side, syncId);
                        assertThat(h.getBoolean("ready")).as(h.toString()).isTrue();
                        assertThat(h.getJsonNumber("backlog").longValue()).as(h.toString()).isZero();
                        assertThat(h.getJsonNumber("lastExchangeAgeSeconds").longValue()).as(h.toString())
                                .isBetween(0L, 30L);
                    });
        }

        // The change log of the WildFly program names what B changed.
        await("WildFly's change log").atMost(SYNC_TIMEOUT).pollInterval(POLL).untilAsserted(() ->
                assertThat(a.admin().log(pair.activeId, stored(t), 50).stream().map(v -> v.asJsonObject()))
                        .anyMatch(e -> "record_status".equalsIgnoreCase(e.getString("column", ""))
                                && "1".equals(text(e.get("newValue")))));
    }

    @Test
    @Order(3)
    void wildFlyShutsDownWithoutACycleOutlivingTheApplication() {
        SyncPair pair = newPair("wf-stop");
        assertThat(pair.activeId).isNotBlank();
        awaitConnected(pair);
        a.program().stop();
        assertThat(a.program().log()).contains("WFLYSRV0050").doesNotContain("WELD-001303");
        a.program().ensureRunning();
    }

    /** The sync {@code id} in {@code GET /api/health} of {@code side}, asked without a login. */
    private static jakarta.json.JsonObject healthOf(Side side, String id) {
        var answer = AdminClient.request("GET", side.program().baseUrl() + "/crmsync/api/health", null, null);
        assertThat(answer.status()).isEqualTo(200);
        return JsonSupport.parse(answer.body()).asJsonObject().getJsonArray("syncs").stream()
                .map(v -> v.asJsonObject()).filter(o -> String.valueOf(o.get("id")).equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("sync " + id + " not in the health of " + side.label()));
    }

    private void awaitConnected(SyncPair pair) {
        org.awaitility.Awaitility.await("the WildFly sync connected").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> a.admin().status(pair.activeId).getBoolean("connected"));
    }

}

package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same WAR on WildFly (issue 16): program A runs in WildFly 39 (RESTEasy, JBeret, the CRM data source
 * defined in the server, deploy/run-wildfly.sh), program B in Payara Micro, both on PostgreSQL. The admin
 * API refuses every call without the administrator's login (it answered without one on WildFly before), and
 * an HTTP sync with A active carries inserts, updates both ways and a hard delete; WildFly undeploys at
 * shutdown without a cycle loop outliving the application's contexts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyIT extends TwoProgramsIT {
    static final List<String> COLUMNS = List.of("name", "phone", "qty");

    WildFlyIT() {
        super(CrmDatabase.Kind.POSTGRES, "it-wf", 9320, 9310);
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
    @Order(3)
    void wildFlyShutsDownWithoutACycleOutlivingTheApplication() {
        SyncPair pair = newPair("wf-stop");
        assertThat(pair.activeId).isNotBlank();
        awaitConnected(pair);
        a.program().stop();
        assertThat(a.program().log()).contains("WFLYSRV0050").doesNotContain("WELD-001303");
        a.program().ensureRunning();
    }

    private void awaitConnected(SyncPair pair) {
        org.awaitility.Awaitility.await("the WildFly sync connected").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> a.admin().status(pair.activeId).getBoolean("connected"));
    }

}

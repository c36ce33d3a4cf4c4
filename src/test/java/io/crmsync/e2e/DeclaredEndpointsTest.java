package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scan behind the "every path refuses strangers" tests finds what the WAR declares. */
class DeclaredEndpointsTest {
    @Test
    void findsTheAdminApiThePeerEndpointsAndTheSettingsPages() {
        List<String> all = DeclaredEndpoints.all().stream().map(Object::toString).toList();
        assertThat(all).contains("GET /api/admin/syncs", "POST /api/admin/syncs", "DELETE /api/admin/syncs/1",
                "PUT /api/admin/syncs/1/fields/1", "GET /api/admin/log", "GET /api/admin/schema", "GET /api/metrics",
                "POST /api/peer/0000000000000000/exchange", "GET /settings", "POST /settings", "GET /settings/fields",
                "GET /api/health", "GET /api/menu", "GET /");
        assertThat(all).as("the public requests are still declared").containsAll(DeclaredEndpoints.PUBLIC);
    }
}

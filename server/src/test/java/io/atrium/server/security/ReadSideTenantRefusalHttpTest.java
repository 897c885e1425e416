package io.atrium.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.atrium.events.TenantId;
import io.atrium.query.access.QueryKeys;
import io.atrium.query.access.TenantStates;
import io.atrium.server.http.HttpTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A node that runs the read side without the write side checks keys against the read model and
 * tenants against the read side's copy of their states: a suspended tenant's key is refused there as
 * well, with the same refusal, once the copy has caught up. (The single-node server has both sides,
 * so this builds that node's lookup over the running read side.)
 */
class ReadSideTenantRefusalHttpTest extends HttpTestSupport {

    @Autowired
    private QueryKeys keys;

    @Autowired
    private TenantStates states;

    @Test
    void aSuspendedTenantsKeyIsRefusedByTheReadSidesLookup() {
        String id = "rs-" + UUID.randomUUID().toString().substring(0, 8);
        String owner = body(post("/api/v1/tenants", OWNER_KEY, Map.of("id", id, "name", "Read side"))
                        .expectStatus()
                        .isAccepted())
                .get("ownerKey")
                .asText();
        KeyLookup lookup = SecurityConfiguration.activeTenantOnly(keys::find, states);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lookup.find(owner).block().isPresent());
        assertThat(lookup.find(owner).block().orElseThrow().tenant()).isEqualTo(TenantId.parse(id));

        post("/api/v1/tenants/" + id + "/suspend", OWNER_KEY, Map.of("reason", "overdue"))
                .expectStatus()
                .isAccepted();
        await().atMost(Duration.ofSeconds(30)).until(() -> states.inactiveState(TenantId.parse(id)) != null);
        assertThatThrownBy(() -> lookup.find(owner).block())
                .isInstanceOf(Refusals.TenantRefused.class)
                .hasMessageContaining("suspended");
        // The platform's own keys are never refused for their tenant.
        assertThat(lookup.find(OWNER_KEY).block()).isPresent();
    }
}

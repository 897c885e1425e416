package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * Tenants as a platform operator runs them: created with a first owner key that works at once, listed
 * with their state, suspended (its credentials refused from the next request), resumed and deleted.
 */
class TenantsHttpTest extends HttpTestSupport {

    private static String newTenantId() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode create(String id) {
        return body(post("/api/v1/tenants", OWNER_KEY, Map.of("id", id, "name", "Tenant " + id))
                .expectStatus()
                .isAccepted());
    }

    @Test
    void aNewTenantsFirstOwnerKeyWorksAtOnceAndSeesNothingOfThePlatformsTenant() {
        String id = newTenantId();
        JsonNode created = create(id);
        assertThat(created.get("id").asText()).isEqualTo(id);
        String owner = created.get("ownerKey").asText();
        assertThat(owner).startsWith("atr_");

        // The owner key issues the tenant's own keys, and what they create is the tenant's.
        String dev = body(post("/api/v1/api-keys", owner, Map.of("name", "dev", "roles", List.of("developer")))
                        .expectStatus()
                        .isAccepted())
                .get("key")
                .asText();
        JsonNode accepted = body(post("/api/v1/mini-programs", dev, Map.of("name", "Weather"))
                .expectStatus()
                .isAccepted());
        String mp = accepted.get("id").asText();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, mp))
                .isEqualTo(1);
        // Read once the projection has the new program: the list is then exactly it.
        JsonNode list = body(send(
                        HttpMethod.GET,
                        "/api/v1/mini-programs?minPosition="
                                + accepted.get("position").asLong(),
                        dev,
                        null)
                .expectStatus()
                .isOk());
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.get("items"))
                .singleElement()
                .satisfies(item -> assertThat(item.get("id").asText()).isEqualTo(mp));

        // A tenant's owner is no platform operator: tenants and the platform's admin endpoints are refused.
        problem(send(HttpMethod.GET, "/api/v1/tenants", owner, null), 403, "forbidden");
        problem(send(HttpMethod.GET, "/api/v1/admin/projections", owner, null), 403, "forbidden");
        problem(
                post("/api/v1/api-keys", owner, Map.of("name", "ops", "roles", List.of("platform-operator"))),
                403,
                "forbidden");
    }

    @Test
    void listsTenantsWithTheirStateThePlatformsOwnFirst() {
        String id = newTenantId();
        create(id);
        JsonNode list = body(send(HttpMethod.GET, "/api/v1/tenants", OWNER_KEY, null)
                .expectStatus()
                .isOk());
        assertThat(list.at("/items/0/id").asText()).isEqualTo("default");
        assertThat(list.at("/items/0/platform").asBoolean()).isTrue();
        assertThat(list.get("total").asInt()).isEqualTo(list.get("items").size());
        JsonNode one = body(send(HttpMethod.GET, "/api/v1/tenants/" + id, OWNER_KEY, null)
                .expectStatus()
                .isOk());
        assertThat(one.get("state").asText()).isEqualTo("active");
        assertThat(one.get("name").asText()).isEqualTo("Tenant " + id);
        problem(send(HttpMethod.GET, "/api/v1/tenants/no-such-tenant", OWNER_KEY, null), 404, "not-found");
        problem(send(HttpMethod.GET, "/api/v1/tenants/Not_An_Id", OWNER_KEY, null), 400, "invalid-input");
    }

    @Test
    void creatingATenantThatExistsIsAConflict() {
        String id = newTenantId();
        create(id);
        JsonNode again =
                problem(post("/api/v1/tenants", OWNER_KEY, Map.of("id", id, "name", "again")), 409, "rule-violated");
        assertThat(again.get("rule").asText()).isEqualTo("tenant-exists");
        JsonNode platform = problem(
                post("/api/v1/tenants", OWNER_KEY, Map.of("id", "default", "name", "again")), 409, "rule-violated");
        assertThat(platform.get("rule").asText()).isEqualTo("tenant-exists");
        JsonNode invalid = problem(
                post("/api/v1/tenants", OWNER_KEY, Map.of("id", "UPPER case", "name", "x")), 400, "invalid-input");
        assertThat(invalid.get("field").asText()).isEqualTo("tenantId");
    }

    @Test
    void aSuspendedTenantsKeysAreRefusedUntilItIsResumedAndADeletedOnesForGood() {
        String id = newTenantId();
        String owner = create(id).get("ownerKey").asText();
        send(HttpMethod.GET, "/api/v1/mini-programs", owner, null)
                .expectStatus()
                .isOk();

        post("/api/v1/tenants/" + id + "/suspend", OWNER_KEY, Map.of("reason", "invoice overdue"))
                .expectStatus()
                .isAccepted();
        JsonNode refused = problem(send(HttpMethod.GET, "/api/v1/mini-programs", owner, null), 401, "tenant-suspended");
        assertThat(refused.get("tenant").asText()).isEqualTo(id);
        problem(createMiniProgramAs(owner), 401, "tenant-suspended");
        JsonNode suspended = body(send(HttpMethod.GET, "/api/v1/tenants/" + id, OWNER_KEY, null)
                .expectStatus()
                .isOk());
        assertThat(suspended.get("state").asText()).isEqualTo("suspended");
        assertThat(suspended.get("reason").asText()).isEqualTo("invoice overdue");
        JsonNode twice = problem(
                post("/api/v1/tenants/" + id + "/suspend", OWNER_KEY, Map.of("reason", "again")), 409, "rule-violated");
        assertThat(twice.get("rule").asText()).isEqualTo("already-suspended");

        post("/api/v1/tenants/" + id + "/resume", OWNER_KEY, null)
                .expectStatus()
                .isAccepted();
        send(HttpMethod.GET, "/api/v1/mini-programs", owner, null)
                .expectStatus()
                .isOk();

        send(HttpMethod.DELETE, "/api/v1/tenants/" + id + "?reason=contract+ended", OWNER_KEY, null)
                .expectStatus()
                .isAccepted();
        problem(send(HttpMethod.GET, "/api/v1/mini-programs", owner, null), 401, "tenant-deleted");
        JsonNode deleted = problem(post("/api/v1/tenants/" + id + "/resume", OWNER_KEY, null), 409, "rule-violated");
        assertThat(deleted.get("rule").asText()).isEqualTo("tenant-deleted");
        // Deleting keeps the record: its events are still there, and its id is not given again.
        assertThat(eventTypes("tenant-" + id))
                .containsExactly("TenantCreated", "TenantSuspended", "TenantResumed", "TenantDeleted");
        problem(post("/api/v1/tenants", OWNER_KEY, Map.of("id", id, "name", "reborn")), 409, "rule-violated");
    }

    @Test
    void thePlatformsTenantCannotBeSuspendedOrDeletedAndAnUnknownOneIsNotFound() {
        JsonNode platform = problem(
                post("/api/v1/tenants/default/suspend", OWNER_KEY, Map.of("reason", "x")), 409, "rule-violated");
        assertThat(platform.get("rule").asText()).isEqualTo("platform-tenant");
        problem(send(HttpMethod.DELETE, "/api/v1/tenants/default", OWNER_KEY, null), 409, "rule-violated");
        problem(post("/api/v1/tenants/never-made/suspend", OWNER_KEY, Map.of("reason", "x")), 404, "not-found");
        problem(send(HttpMethod.DELETE, "/api/v1/tenants/never-made", OWNER_KEY, null), 404, "not-found");
    }

    @Test
    void aLoginToATenantThatDoesNotExistOrWasDeletedWritesNothing() {
        // Otherwise anyone could fill the event store with attempt streams under made-up tenant names.
        String email = "nobody@example.com";
        Map<String, Object> login = Map.of("tenant", "never-made", "email", email, "password", "whatever it is 1");
        problem(post("/api/v1/auth/login", null, login), 401, "login-failed");
        assertThat(attemptEvents("never-made", email)).isZero();

        String id = newTenantId();
        create(id);
        Map<String, Object> there = Map.of("tenant", id, "email", email, "password", "whatever it is 1");
        // While the tenant exists, a failed login is on its security log (so the check above can fail).
        problem(post("/api/v1/auth/login", null, there), 401, "login-failed");
        assertThat(attemptEvents(id, email)).isEqualTo(1);
        send(HttpMethod.DELETE, "/api/v1/tenants/" + id + "?reason=gone", OWNER_KEY, null)
                .expectStatus()
                .isAccepted();
        problem(post("/api/v1/auth/login", null, there), 401, "login-failed");
        assertThat(attemptEvents(id, email)).isEqualTo(1);
    }

    private long attemptEvents(String tenant, String email) {
        String stream = io.atrium.events.member.LoginAttemptsId.of(new io.atrium.events.TenantId(tenant), email)
                .value();
        Long n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, stream);
        return n == null ? 0 : n;
    }

    @org.springframework.beans.factory.annotation.Autowired
    private io.atrium.query.access.TenantStates readSideStates;

    @Test
    void theReadSidesOwnCopyFollowsATenantsStateForNodesWithoutTheWriteSide() {
        String id = newTenantId();
        create(id);
        io.atrium.events.TenantId tenant = io.atrium.events.TenantId.parse(id);
        assertThat(readSideStates.inactiveState(tenant)).isNull();
        post("/api/v1/tenants/" + id + "/suspend", OWNER_KEY, Map.of("reason", "overdue"))
                .expectStatus()
                .isAccepted();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> "suspended".equals(readSideStates.inactiveState(tenant)));
        post("/api/v1/tenants/" + id + "/resume", OWNER_KEY, null)
                .expectStatus()
                .isAccepted();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> readSideStates.inactiveState(tenant) == null);
        send(HttpMethod.DELETE, "/api/v1/tenants/" + id, OWNER_KEY, null)
                .expectStatus()
                .isAccepted();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> "deleted".equals(readSideStates.inactiveState(tenant)));
        assertThat(readSideStates.inactiveState(io.atrium.events.TenantId.DEFAULT))
                .isNull();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec createMiniProgramAs(String key) {
        return post(
                "/api/v1/mini-programs",
                key,
                Map.of("name", "Weather", "description", "Forecasts", "category", "tools", "tags", List.of()));
    }
}

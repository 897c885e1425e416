package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * The member, API-key and host-app lists page like the catalogue: each page's total is the count of
 * every row, the pages do not overlap, and a page past the last one is empty and still carries the
 * total. A tenant of its own keeps the counts exact.
 */
class ListPagingHttpTest extends HttpTestSupport {

    @Test
    void theTenantListsPageWithTheirTotal() {
        String tenant = "lp-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = body(post("/api/v1/tenants", OWNER_KEY, Map.of("id", tenant, "name", "Paging"))
                .expectStatus()
                .isAccepted());
        String owner = created.get("ownerKey").asText();
        for (int i = 0; i < 3; i++) {
            post(
                            "/api/v1/members",
                            owner,
                            Map.of(
                                    "email",
                                    "m" + i + "@" + tenant + ".example",
                                    "displayName",
                                    "M " + i,
                                    "roles",
                                    List.of("developer")))
                    .expectStatus()
                    .isAccepted();
            post("/api/v1/api-keys", owner, Map.of("name", "k" + i, "roles", List.of("developer")))
                    .expectStatus()
                    .isAccepted();
            post("/api/v1/host-apps", owner, Map.of("name", "H " + i, "bundleIds", List.of("com.example.h" + i)))
                    .expectStatus()
                    .isAccepted();
        }
        long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);

        // The tenant's first key (its owner key) is listed beside the three issued here.
        assertPaged("/api/v1/members", owner, head, 3);
        assertPaged("/api/v1/api-keys", owner, head, 4);
        assertPaged("/api/v1/host-apps", owner, head, 3);
    }

    private void assertPaged(String list, String key, long head, int expected) {
        JsonNode first = page(list + "?size=2&page=0&minPosition=" + head, key);
        JsonNode second = page(list + "?size=2&page=1", key);
        JsonNode past = page(list + "?size=2&page=5", key);
        assertThat(first.get("total").asLong()).as(list).isEqualTo(expected);
        assertThat(second.get("total").asLong()).as(list).isEqualTo(expected);
        assertThat(past.get("total").asLong()).as(list + " past the last page").isEqualTo(expected);
        assertThat(first.get("items")).as(list).hasSize(2);
        assertThat(second.get("items")).as(list).hasSize(expected - 2);
        assertThat(past.get("items")).as(list).isEmpty();
        List<String> firstIds = ids(first);
        assertThat(ids(second)).as(list + ": pages overlap").doesNotContainAnyElementsOf(firstIds);
    }

    private JsonNode page(String path, String key) {
        return body(send(HttpMethod.GET, path, key, null).expectStatus().isOk());
    }

    private static List<String> ids(JsonNode page) {
        return java.util.stream.StreamSupport.stream(page.get("items").spliterator(), false)
                .map(item -> item.get("id").asText())
                .toList();
    }
}

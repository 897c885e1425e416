package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The reviewers' queue: the tenant's versions in review, in one read. */
class ReviewQueueHttpTest extends HttpTestSupport {

    @Test
    void reviewersFindEveryVersionWaitingInOneRead() {
        String dev = issueKey("developer");
        String reviewer = issueKey("reviewer");
        String first = createMiniProgram(dev);
        String second = createMiniProgram(dev);
        upload(first, dev, "1.0.0", samplePackage()).expectStatus().isAccepted();
        upload(second, dev, "2.0.0", samplePackage()).expectStatus().isAccepted();
        upload(second, dev, "2.1.0", samplePackage()).expectStatus().isAccepted();
        post("/api/v1/mini-programs/" + first + "/versions/1.0.0/submit", dev, null)
                .expectStatus()
                .isAccepted();
        long position = body(post("/api/v1/mini-programs/" + second + "/versions/2.1.0/submit", dev, null)
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();

        JsonNode queue = body(get("/api/v1/reviews?size=100&minPosition=" + position, reviewer)
                .expectStatus()
                .isOk());
        List<String> waiting = new ArrayList<>();
        queue.get("items")
                .forEach(item -> waiting.add(item.get("miniProgramId").asText() + "@"
                        + item.get("version").asText()));
        // 2.0.0 was uploaded but never submitted: it is not waiting for anyone.
        assertThat(waiting)
                .containsSubsequence(first + "@1.0.0", second + "@2.1.0")
                .doesNotContain(second + "@2.0.0");
        JsonNode item = queue.get("items").get(waiting.indexOf(first + "@1.0.0"));
        assertThat(item.get("name").asText()).isNotBlank();
        assertThat(item.get("fileCount").asInt()).isPositive();
        assertThat(item.get("currentVersion").isNull()).isTrue();

        long approved = body(post("/api/v1/mini-programs/" + first + "/versions/1.0.0/approve", reviewer, null)
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        assertThat(body(get("/api/v1/reviews?size=100&minPosition=" + approved, reviewer)
                                .expectStatus()
                                .isOk())
                        .get("items")
                        .findValuesAsText("miniProgramId"))
                .doesNotContain(first)
                .contains(second);
        assertThat(problem(get("/api/v1/reviews?size=1000", reviewer), 400, "invalid-input")
                        .get("field")
                        .asText())
                .isEqualTo("size");
    }

    private WebTestClient.ResponseSpec get(String path, String key) {
        return client().get().uri(path).header("Authorization", "Bearer " + key).exchange();
    }
}

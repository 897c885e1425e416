package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One client on one keep-alive connection, sending each request the moment the previous answer is in:
 * commands answered from command threads, reads answered on the event loops, a body refused. On Reactor
 * Netty 1.2.18 without {@link KeepAliveReads}, about one request in fifty of this mix waited for the
 * client's time-out (23 in 1,089); every one is answered now.
 */
class KeepAliveHttpTest extends HttpTestSupport {

    private static final int REQUESTS = 500;

    @Test
    void everyRequestOnOneKeptAliveConnectionIsAnswered() throws Exception {
        // HTTP/1.1 itself: the JDK client would otherwise offer an h2c upgrade on every request.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String unknown = "mp-01m8ys2cymbbr6m2g2zk7p7z8z";
        String[][] mix = {
            {"GET", "/api/v1/mini-programs"},
            {"PATCH", "/api/v1/mini-programs/" + unknown},
            {"GET", "/api/v1/mini-programs/" + unknown + "/versions"},
            {"POST", "/api/v1/mini-programs"},
            {"GET", "/api/v1/audit/verify"},
        };
        List<String> unanswered = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String[] call = mix[i % mix.length];
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + call[1]))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + OWNER_KEY);
            if (call[0].equals("GET")) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json")
                        .method(call[0], HttpRequest.BodyPublishers.ofString("{\"description\":\"kept alive\"}"));
            }
            try {
                statuses.add(http.send(request.build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode());
            } catch (HttpTimeoutException stalled) {
                unanswered.add("#" + i + " " + call[0] + " " + call[1]);
            } catch (IOException e) {
                unanswered.add("#" + i + " " + call[0] + " " + call[1] + ": " + e);
            }
        }
        assertThat(unanswered).as("requests with no answer in 10 s").isEmpty();
        // Each kind answered as it should, so the mix is what it claims: reads, a command's 404, a refusal.
        assertThat(statuses).hasSize(REQUESTS).contains(200, 404, 400);
    }
}

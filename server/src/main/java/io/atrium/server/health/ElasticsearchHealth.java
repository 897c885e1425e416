package io.atrium.server.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Up when Elasticsearch answers its cluster health within the time limit with green or yellow (yellow:
 * replicas unassigned, which a one-node cluster always is; searches and writes still work), down on red
 * or no answer. Plain HTTP, so the server stays free of the search module's client. Blocking; Boot runs
 * it off the event loop.
 */
final class ElasticsearchHealth implements HealthIndicator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI clusterHealth;
    private final Duration timeout;
    private final HttpClient http;

    ElasticsearchHealth(String url, Duration timeout) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.clusterHealth = URI.create(base + "/_cluster/health");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Health health() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(clusterHealth).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Health.down().withDetail("status", response.statusCode()).build();
            }
            JsonNode body = JSON.readTree(response.body());
            String status = body.path("status").asText("unknown");
            return ("green".equals(status) || "yellow".equals(status) ? Health.up() : Health.down())
                    .withDetail("cluster", status)
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (IOException | RuntimeException e) {
            return Health.down()
                    .withDetail("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}

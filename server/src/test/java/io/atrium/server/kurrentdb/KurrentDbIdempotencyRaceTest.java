package io.atrium.server.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.kurrentdb.protocoldouble.KurrentDbProtocolDouble;
import io.atrium.server.http.HttpTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On JDBC a request that loses the Idempotency-Key race rolls back its events with its transaction.
 * On KurrentDB the events were appended before the idempotency row is inserted and cannot be rolled back.
 */
class KurrentDbIdempotencyRaceTest extends HttpTestSupport {

    static final KurrentDbProtocolDouble PROTOCOL_DOUBLE = KurrentDbProtocolDouble.start();

    @DynamicPropertySource
    static void kurrentDb(DynamicPropertyRegistry registry) {
        registry.add("atrium.test.data-dir-suffix", () -> "-kurrentdb-race");
        registry.add("atrium.event-store.kind", () -> "kurrentdb");
        registry.add("atrium.event-store.kurrentdb.connection-string", PROTOCOL_DOUBLE::connectionString);
    }

    @AfterAll
    static void stopDouble() {
        PROTOCOL_DOUBLE.close();
    }

    @Autowired
    EventStorageEngine engine;

    @Test
    void concurrentRetriesWithOneIdempotencyKeyCreateOneMiniProgram() throws Exception {
        String dev = issueKey("developer");
        String name = "Dup " + UUID.randomUUID().toString().substring(0, 8);
        String key = UUID.randomUUID().toString();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return client().post()
                        .uri("/api/v1/mini-programs")
                        .header("Authorization", "Bearer " + dev)
                        .header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("name", name, "description", "d", "category", "tools", "tags", List.of()))
                        .exchange()
                        .returnResult(Void.class)
                        .getStatus()
                        .value();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        long created = engine.readEvents(null, false)
                .filter(e -> e.getPayload() instanceof MiniProgramCreated c
                        && c.details().name().equals(name))
                .count();
        assertThat(created).as("answers " + statuses).isEqualTo(1);
    }
}

package io.atrium.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.events.ActorId;
import io.atrium.events.EventMetadata;
import io.atrium.events.TenantId;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.kurrentdb.protocoldouble.KurrentDbProtocolDouble;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.KurrentDBConnectionString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which stream an aggregate's events go to, and where the head of Atrium's events is, when tenants and
 * foreign records get in the way (each case was found failing in review).
 */
class KurrentDbStreamOwnershipTest {

    private KurrentDbProtocolDouble protocolDouble;
    private KurrentDbConnection client;
    private KurrentDbEventStorageEngine engine;

    @BeforeEach
    void start() {
        protocolDouble = KurrentDbProtocolDouble.start();
        client = new KurrentDbConnection(KurrentDBConnectionString.parseOrThrow(protocolDouble.connectionString()));
        engine = engine();
    }

    private KurrentDbEventStorageEngine engine() {
        return KurrentDbEventStorageEngine.forAtrium(client, Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        protocolDouble.close();
    }

    private static DomainEventMessage<?> created(String id, long seq, String tenant, Map<String, ?> extra) {
        Map<String, Object> meta = new HashMap<>(extra);
        meta.put(EventMetadata.TENANT, tenant);
        meta.put(EventMetadata.ACTOR, "key-dev");
        return new GenericDomainEventMessage<>(
                "MiniProgram",
                id,
                seq,
                new MiniProgramCreated(
                        new MiniProgramId(id),
                        new TenantId(tenant),
                        MiniProgramDetails.of("n" + seq, "", "tools", List.of()),
                        new ActorId("key-dev")),
                MetaData.from(meta));
    }

    /** A different stream for the same id means the id is taken. */
    @Test
    void sameIdInAnotherTenantIsRefused() {
        String id = MiniProgramId.generate().value();
        engine.appendEvents(created(id, 0, "default", Map.of()));
        KurrentDbEventStorageEngine otherNode = engine();
        assertThatThrownBy(() -> otherNode.appendEvents(created(id, 0, "acme", Map.of())))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    /** A later event goes to the stream the aggregate began in, whatever tenant its metadata names. */
    @Test
    void laterEventWithAnotherTenantInMetadataIsAppended() {
        String id = MiniProgramId.generate().value();
        engine.appendEvents(created(id, 0, "default", Map.of()));
        assertThatCode(() -> engine.appendEvents(created(id, 1, "acme", Map.of())))
                .doesNotThrowAnyException();
    }

    /** Thousands of records that are not Atrium's above the newest event: the head is still found, once. */
    @Test
    void headPositionWithManyForeignRecordsAtTheHead() throws Exception {
        String id = MiniProgramId.generate().value();
        engine.appendEvents(created(id, 0, "default", Map.of()));
        for (int b = 0; b < 17; b++) {
            List<EventData> junk = new ArrayList<>();
            for (int j = 0; j < 1000; j++) {
                junk.add(EventData.builderAsJson(UUID.randomUUID(), "other.Thing", "{}".getBytes())
                        .build());
            }
            client.client().appendToStream("other-" + b, junk.iterator()).get(30, TimeUnit.SECONDS);
        }
        long event = engine.newestPosition(id).orElseThrow();
        assertThat(engine.headPosition()).isEqualTo(event);
        // Again, after more foreign records: only the new part is walked, and the answer stands.
        client.client()
                .appendToStream(
                        "other-more",
                        EventData.builderAsJson("other.Thing", "{}".getBytes()).build())
                .get(30, TimeUnit.SECONDS);
        assertThat(engine.headPosition()).isEqualTo(event);
    }

    /** The dispatcher decides a failed command's Idempotency-Key by what the append did. */
    @Test
    void tellsTheDispatcherWhatItsAppendDid() {
        String id = MiniProgramId.generate().value();
        io.atrium.command.eventstore.AppendOutcome.reset();
        engine.appendEvents(created(id, 0, "default", Map.of()));
        assertThat(io.atrium.command.eventstore.AppendOutcome.get())
                .isEqualTo(io.atrium.command.eventstore.AppendOutcome.State.APPENDED);

        io.atrium.command.eventstore.AppendOutcome.reset();
        assertThatThrownBy(() -> engine.appendEvents(created(id, 0, "default", Map.of("n", "again"))));
        assertThat(io.atrium.command.eventstore.AppendOutcome.get())
                .as("a refused append stored nothing")
                .isEqualTo(io.atrium.command.eventstore.AppendOutcome.State.NONE);

        protocolDouble.stopServing();
        try {
            io.atrium.command.eventstore.AppendOutcome.reset();
            assertThatThrownBy(() -> engine.appendEvents(created(id, 1, "default", Map.of())));
            assertThat(io.atrium.command.eventstore.AppendOutcome.get())
                    .as("sent without an answer")
                    .isEqualTo(io.atrium.command.eventstore.AppendOutcome.State.UNKNOWN);
        } finally {
            protocolDouble.serveAgain();
            io.atrium.command.eventstore.AppendOutcome.reset();
        }
    }
}

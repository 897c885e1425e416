package io.atrium.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.command.dispatch.EventMetadataProvider;
import io.atrium.command.miniprogram.MiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.ApproveVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.CreateMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.DelistMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.ReleaseVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.RelistMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.SubmitForReview;
import io.atrium.command.miniprogram.MiniProgramCommands.UpdateMiniProgramDetails;
import io.atrium.command.miniprogram.MiniProgramCommands.UploadVersion;
import io.atrium.command.miniprogram.PackageSealing;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.events.ActorId;
import io.atrium.events.EventMetadata;
import io.atrium.events.TenantId;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.SealedPackage;
import io.atrium.events.miniprogram.VersionNumber;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * What the event store must do, whichever engine holds it. Subclasses open the store; the same Axon
 * wiring the server uses (serializers, snapshots, transaction handling) runs against it. Another
 * module's store runs the same suite by subclassing this from the command side's test jar.
 */
public abstract class EventStoreContract {

    static final int SNAPSHOT_EVERY = 5;
    static final TenantId TENANT = TenantId.DEFAULT;
    static final ActorId DEV = new ActorId("key-dev");
    static final ActorId REVIEWER = new ActorId("key-reviewer");

    /** A fresh, empty store. */
    protected abstract StoreUnderTest openStore() throws Exception;

    /** The same store again, as a restarted or a second process opens it. */
    protected abstract StoreUnderTest reopenStore() throws Exception;

    /** One opening of the store under test: what the suite needs of it beyond Axon's engine API. */
    public interface StoreUnderTest extends AutoCloseable {

        /** The SQL database the command's transactions run on. */
        javax.sql.DataSource dataSource();

        /** A new engine over this store. */
        EventStorageEngine engine(TransactionManager transactions);

        /** Sequence numbers of the snapshots the store keeps. */
        List<Long> storedSnapshotSequences(String aggregateId);

        /** The payload as stored, UTF-8 JSON. */
        String storedPayload(String aggregateId, long sequence);

        /** The timestamp as stored, ISO-8601. */
        String storedTimestamp(String aggregateId, long sequence);

        /**
         * Where this test's events begin in the global log: {@code null} for a store that was empty when
         * the test opened it; on a shared server (a real KurrentDB) the head before the test.
         */
        default org.axonframework.eventhandling.@org.jspecify.annotations.Nullable TrackingToken origin() {
            return null;
        }

        @Override
        void close();
    }

    protected StoreUnderTest store;
    private Configuration axon;
    private EventStorageEngine engine;

    @BeforeEach
    void start() throws Exception {
        store = openStore();
        axon = configure(store);
    }

    @AfterEach
    void stop() {
        if (axon != null) {
            axon.shutdown();
        }
        if (store != null) {
            store.close();
        }
    }

    private Configuration configure(StoreUnderTest store) {
        Process process = processOn(store);
        engine = process.engine();
        return process.start(NoCache.INSTANCE);
    }

    /** A process on the store: its own transactions and engine. */
    private record Process(SpringTransactionManager transactions, EventStorageEngine engine) {

        /** Starts the process's Axon, its aggregates held in {@code cache}. */
        Configuration start(Cache cache) {
            return node(transactions, engine, cache);
        }
    }

    private static Process processOn(StoreUnderTest store) {
        SpringTransactionManager transactions =
                new SpringTransactionManager(new DataSourceTransactionManager(store.dataSource()));
        return new Process(transactions, store.engine(transactions));
    }

    private static Configuration node(SpringTransactionManager transactions, EventStorageEngine engine, Cache cache) {
        PackageSealing sealing =
                (id, version, digest) -> new SealedPackage("s".repeat(64), 1, "m".repeat(64), "kid", "wrapped", "sig");
        Configuration configuration = DefaultConfigurer.defaultConfiguration()
                .configureTransactionManager(c -> transactions)
                .configureSerializer(c -> AxonEventStore.stateSerializer())
                .configureEventSerializer(c -> AxonEventStore.eventSerializer())
                .configureEmbeddedEventStore(c -> engine)
                .configureAggregate(AggregateConfigurer.defaultConfiguration(MiniProgram.class)
                        .configureCache(c -> cache)
                        .configureSnapshotTrigger(
                                c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(), SNAPSHOT_EVERY)))
                .registerComponent(PackageSealing.class, c -> sealing)
                .configureCorrelationDataProviders(c -> List.of(new EventMetadataProvider()))
                .buildConfiguration();
        configuration.start();
        return configuration;
    }

    private void send(Object command) {
        send(axon, command);
    }

    private static void send(Configuration node, Object command) {
        node.commandGateway()
                .sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(MetaData.from(Map.of(
                                EventMetadata.TENANT,
                                TENANT.value(),
                                EventMetadata.ACTOR,
                                DEV.value(),
                                EventMetadata.CLIENT_ADDRESS,
                                "10.0.0.7",
                                EventMetadata.CORRELATION_ID,
                                "req-1",
                                EventMetadata.COMMAND_NAME,
                                command.getClass().getSimpleName()))));
    }

    private MiniProgramId lifecycleUpToRelease() {
        return lifecycleUpToRelease(axon);
    }

    private static MiniProgramId lifecycleUpToRelease(Configuration node) {
        MiniProgramId id = MiniProgramId.generate();
        VersionNumber v1 = VersionNumber.of("1.0.0");
        send(node, new CreateMiniProgram(id, TENANT, DEV, MiniProgramDetails.of("Weather", "", "tools", List.of())));
        send(node, new UploadVersion(id, TENANT, DEV, v1, "", "d".repeat(64), 10, List.of()));
        send(node, new SubmitForReview(id, TENANT, DEV, v1));
        send(node, new ApproveVersion(id, TENANT, REVIEWER, v1));
        send(node, new ReleaseVersion(id, TENANT, REVIEWER, v1));
        return id;
    }

    private EventStorageEngine engine() {
        return engine;
    }

    @Test
    void aNodeWhoseCachedAggregateIsBehindTheStoreLoadsItAgainBeforeDeciding() throws Exception {
        StoreUnderTest firstStore = reopenStore();
        StoreUnderTest secondStore = reopenStore();
        StoreUnderTest trustingStore = reopenStore();
        Process firstProcess = processOn(firstStore);
        Cache firstCache = CheckedAggregateCache.over(new BoundedAggregateCache(100), firstProcess.engine());
        Configuration first = firstProcess.start(firstCache);
        Process secondProcess = processOn(secondStore);
        Configuration second =
                secondProcess.start(CheckedAggregateCache.over(new BoundedAggregateCache(100), secondProcess.engine()));
        Configuration trusting = processOn(trustingStore).start(new BoundedAggregateCache(100));
        try {
            MiniProgramId checked = lifecycleUpToRelease(first);
            MiniProgramId unchecked = lifecycleUpToRelease(trusting);
            // Another node delists both; the first and the trusting node still hold them listed in their caches.
            send(second, new DelistMiniProgram(checked, TENANT, REVIEWER, "policy", false));
            send(second, new DelistMiniProgram(unchecked, TENANT, REVIEWER, "policy", false));

            send(first, new RelistMiniProgram(checked, TENANT, REVIEWER));
            assertThat(engine().readEvents(checked.value())
                            .asStream()
                            .map(e -> e.getPayloadType().getSimpleName())
                            .toList())
                    .endsWith("VersionReleased", "MiniProgramDelisted", "MiniProgramRelisted");
            // A cache trusted without the check decides on the stale state and is refused.
            assertThatThrownBy(() -> send(trusting, new RelistMiniProgram(unchecked, TENANT, REVIEWER)));
            assertThat(engine().readEvents(unchecked.value())
                            .asStream()
                            .map(e -> e.getPayloadType().getSimpleName())
                            .toList())
                    .endsWith("VersionReleased", "MiniProgramDelisted");

            // The first node's entry now matches the store and is kept; once the other node appends, it is dropped.
            assertThat((Object) firstCache.get(checked.value())).isNotNull();
            assertThat((Object) firstCache.get(checked.value())).isNotNull();
            send(second, new DelistMiniProgram(checked, TENANT, REVIEWER, "again", false));
            assertThat((Object) firstCache.get(checked.value())).isNull();
        } finally {
            first.shutdown();
            second.shutdown();
            trusting.shutdown();
            firstStore.close();
            secondStore.close();
            trustingStore.close();
        }
    }

    @Test
    void readsBackAnAggregatesEventsInOrderWithTheirMetadata() {
        MiniProgramId id = lifecycleUpToRelease();
        List<? extends DomainEventMessage<?>> events =
                engine().readEvents(id.value()).asStream().toList();
        assertThat(events)
                .extracting(e -> e.getPayloadType().getSimpleName())
                .containsExactly(
                        "MiniProgramCreated",
                        "VersionUploaded",
                        "VersionSubmittedForReview",
                        "VersionApproved",
                        "VersionReleased");
        assertThat(events).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L, 4L);
        MiniProgramCreated created = (MiniProgramCreated) events.get(0).getPayload();
        assertThat(created.details().name()).isEqualTo("Weather");
        EventMetadata metadata =
                EventMetadata.from(events.get(0).getMetaData(), events.get(0).getTimestamp());
        assertThat(metadata.actor()).isEqualTo(DEV);
        assertThat(metadata.clientAddress()).isEqualTo("10.0.0.7");
        assertThat(metadata.correlationId()).isEqualTo("req-1");
        assertThat(metadata.commandName()).isEqualTo("CreateMiniProgram");
    }

    @Test
    void assignsIncreasingGlobalPositionsInAppendOrder() {
        lifecycleUpToRelease();
        lifecycleUpToRelease();
        List<Long> positions = engine().readEvents(store.origin(), false)
                .map(e ->
                        ((TrackedEventMessage<?>) e).trackingToken().position().orElseThrow())
                .collect(Collectors.toList());
        assertThat(positions).hasSize(10).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void refusesASecondEventAtTheSameSequenceNumber() {
        String aggregate = MiniProgramId.generate().value();
        MiniProgramCreated payload = new MiniProgramCreated(
                new MiniProgramId(aggregate), TENANT, MiniProgramDetails.of("A", "", "tools", List.of()), DEV);
        engine().appendEvents(new GenericDomainEventMessage<>("MiniProgram", aggregate, 0, payload));
        engine().appendEvents(new GenericDomainEventMessage<>("MiniProgram", aggregate, 1, payload));
        assertThatThrownBy(() ->
                        engine().appendEvents(new GenericDomainEventMessage<>("MiniProgram", aggregate, 1, payload)))
                .isInstanceOf(ConcurrencyException.class);
        assertThatThrownBy(() ->
                        engine().appendEvents(new GenericDomainEventMessage<>("MiniProgram", aggregate, 0, payload)))
                .isInstanceOf(org.axonframework.modelling.command.AggregateStreamCreationException.class);
        assertThat(engine().readEvents(aggregate).asStream().count()).isEqualTo(2);
    }

    @Test
    void aRetriedAppendOfTheSameEventsIsStoredOnce() {
        String aggregate = MiniProgramId.generate().value();
        MiniProgramCreated payload = new MiniProgramCreated(
                new MiniProgramId(aggregate), TENANT, MiniProgramDetails.of("A", "", "tools", List.of()), DEV);
        GenericDomainEventMessage<MiniProgramCreated> first =
                new GenericDomainEventMessage<>("MiniProgram", aggregate, 0, payload);
        GenericDomainEventMessage<MiniProgramCreated> second =
                new GenericDomainEventMessage<>("MiniProgram", aggregate, 1, payload);
        engine().appendEvents(first, second);
        // A client that lost the answer sends the same events (same ids) again. A store may recognise the
        // retry and answer success (KurrentDB) or refuse it as a conflict (the JDBC tables' unique keys);
        // either way the events are stored once.
        try {
            engine().appendEvents(first, second);
        } catch (ConcurrencyException | org.axonframework.modelling.command.AggregateStreamCreationException refused) {
            // the JDBC stores' answer: the first event's unique keys are taken
        }
        assertThat(engine().readEvents(aggregate).asStream().map(e -> e.getIdentifier()))
                .containsExactly(first.getIdentifier(), second.getIdentifier());
    }

    @Test
    void rebuildsStateFromEventsSoRulesStillHold() throws Exception {
        MiniProgramId id = lifecycleUpToRelease();
        axon.shutdown();
        store.close();
        store = reopenStore();
        axon = configure(store);
        assertThatThrownBy(() -> send(new ReleaseVersion(id, TENANT, REVIEWER, VersionNumber.of("1.0.0"))))
                .isInstanceOfSatisfying(
                        InvariantViolation.class, v -> assertThat(v.invariant()).isEqualTo(Invariant.ALREADY_RELEASED));
    }

    @Test
    void takesSnapshotsAndLoadsFromThem() {
        MiniProgramId id = lifecycleUpToRelease();
        for (int i = 0; i < 2 * SNAPSHOT_EVERY; i++) {
            send(new UpdateMiniProgramDetails(id, TENANT, DEV, "Weather " + i, null, null, null));
        }
        List<Long> snapshots = store.storedSnapshotSequences(id.value());
        assertThat(snapshots.size()).isPositive();
        Long snapshotAt = Collections.max(snapshots);
        assertThat(snapshotAt).isGreaterThanOrEqualTo(SNAPSHOT_EVERY);
        // The stored snapshot deserializes to the aggregate, and loading (which starts from it) still knows what was
        // released.
        DomainEventMessage<?> snapshot = engine().readSnapshot(id.value()).orElseThrow();
        assertThat(snapshot.getSequenceNumber()).isEqualTo(snapshotAt);
        assertThat(snapshot.getPayload()).isInstanceOf(MiniProgram.class);
        assertThatThrownBy(() -> send(new ReleaseVersion(id, TENANT, REVIEWER, VersionNumber.of("1.0.0"))))
                .isInstanceOfSatisfying(
                        InvariantViolation.class, v -> assertThat(v.invariant()).isEqualTo(Invariant.ALREADY_RELEASED));
        send(new UploadVersion(id, TENANT, DEV, VersionNumber.of("2.0.0"), "", "e".repeat(64), 1, List.of()));
        assertThatThrownBy(() -> send(new UploadVersion(
                        id, TENANT, DEV, VersionNumber.of("1.0.0"), "", "e".repeat(64), 1, List.of())))
                .isInstanceOfSatisfying(
                        InvariantViolation.class, v -> assertThat(v.invariant()).isEqualTo(Invariant.VERSION_EXISTS));
    }

    @Test
    void aTrackingReaderWithGapsGetsTheGapEventsAndTheNextBatchInOrder() {
        lifecycleUpToRelease();
        lifecycleUpToRelease();
        List<TrackedEventMessage<?>> all = engine().readEvents(store.origin(), false)
                .<TrackedEventMessage<?>>map(e -> (TrackedEventMessage<?>) e)
                .toList();
        // A reader that passed the 3rd and 5th events before their transactions committed, and has read up to the 7th.
        TrackingToken token = GapAwareTrackingToken.newInstance(
                position(all.get(6)), List.of(position(all.get(2)), position(all.get(4))));
        List<String> read =
                engine().readEvents(token, false).map(e -> e.getIdentifier()).toList();
        assertThat(read)
                .containsExactly(
                        all.get(2).getIdentifier(),
                        all.get(4).getIdentifier(),
                        all.get(7).getIdentifier(),
                        all.get(8).getIdentifier(),
                        all.get(9).getIdentifier());
    }

    private static long position(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow();
    }

    @Test
    void storesPayloadsAsReadableJson() {
        MiniProgramId id = lifecycleUpToRelease();
        String payload = store.storedPayload(id.value(), 0);
        assertThat(payload).contains("\"miniProgramId\":\"" + id.value() + "\"").contains("\"name\":\"Weather\"");
        String timestamp = store.storedTimestamp(id.value(), 0);
        assertThat(Instant.parse(timestamp)).isBeforeOrEqualTo(Instant.now());
    }
}

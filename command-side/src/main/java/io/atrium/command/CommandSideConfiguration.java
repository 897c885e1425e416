package io.atrium.command;

import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.command.dispatch.AtriumCommandTargetResolver;
import io.atrium.command.dispatch.RecordedEvents;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.command.eventstore.BoundedAggregateCache;
import io.atrium.command.eventstore.CheckedAggregateCache;
import io.atrium.command.eventstore.CommitAwareEventStore;
import io.atrium.command.eventstore.EventPositions;
import io.atrium.command.eventstore.EventStoreDatabase;
import io.atrium.command.eventstore.JdbcEventPositions;
import io.atrium.command.keys.FilePlatformKeys;
import io.atrium.command.keys.PlatformKeys;
import io.atrium.command.placement.DedicatedEventStores;
import io.atrium.command.placement.TenantRoutingDataSource;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.ScriptCompiler;
import io.atrium.sdk.store.FileSystemPackageStore;
import io.atrium.sdk.store.PackageStore;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.io.IOException;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * The write side, as the server imports it when {@code atrium.roles} includes {@code command}:
 * event store, aggregates, command endpoints, API-key authentication.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(CommandSideProperties.class)
public class CommandSideConfiguration {

    /** True unless the events live in KurrentDB; the JDBC-only beans below are made only then. */
    static final String ON_JDBC_EVENTS = "'${atrium.event-store.kind:h2}' != 'kurrentdb'";

    /**
     * The shared database, or, when some tenants have a database of their own
     * ({@code atrium.tenants.<id>.event-store}), a data source that routes each command's transaction to
     * its caller's tenant's database (see {@link TenantRoutingDataSource}).
     */
    @Bean(destroyMethod = "close")
    DataSource eventStoreDataSource(CommandSideProperties properties, ObjectProvider<DedicatedEventStores> dedicated)
            throws IOException {
        DataSource shared = EventStoreDatabase.open(properties);
        DedicatedEventStores placed = dedicated.getIfAvailable();
        return placed == null || placed.isEmpty() ? shared : new TenantRoutingDataSource(shared, placed);
    }

    /**
     * The command path's meters, in the application's registry when it has one (the server's actuator
     * brings it); without one (a test context of this module alone) they record nothing.
     */
    @Bean
    io.atrium.command.dispatch.CommandMetrics commandMetrics(
            ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
        io.micrometer.core.instrument.MeterRegistry found = registry.getIfUnique();
        return found == null
                ? io.atrium.command.dispatch.CommandMetrics.none()
                : new io.atrium.command.dispatch.CommandMetrics(found);
    }

    /** The write side's transactions (declared here: Boot's default backs off when the read side brings an R2DBC one). */
    @Bean
    @Primary
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    @Primary
    Serializer serializer() {
        return AxonEventStore.stateSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return AxonEventStore.eventSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return AxonEventStore.eventSerializer();
    }

    /**
     * Axon's JDBC engine over the write side's database. With {@code atrium.event-store.kind=kurrentdb}
     * the module that talks to KurrentDB supplies the engine instead.
     */
    @Bean
    @ConditionalOnExpression(ON_JDBC_EVENTS)
    EventStorageEngine eventStorageEngine(
            DataSource dataSource,
            TransactionManager transactionManager,
            @Qualifier("eventSerializer") Serializer events,
            Serializer snapshots) {
        return AxonEventStore.engine(dataSource, transactionManager, events, snapshots);
    }

    /**
     * Where commands find the log position of the events they recorded: the JDBC event table's global
     * index. The KurrentDB module supplies its own.
     */
    @Bean
    @ConditionalOnExpression(ON_JDBC_EVENTS)
    EventPositions eventPositions(JdbcTemplate jdbc) {
        return new JdbcEventPositions(jdbc);
    }

    /**
     * Axon's embedded event store, with a short fetch delay. Its reader is woken by each commit in this
     * process (once the database transaction has committed: {@link CommitAwareEventStore}), but a
     * commit that lands while it is reading is not seen until the fetch delay has passed. Axon's
     * default is 1 s, and that was the projections' lag tail: 0.3-0.9 s at p99 even at 150 commands/s. At 500 commands/s commits land during nearly every read, so the delay sets the
     * reader's pace. Two paired runs at 500/s gave a worst projection p99 of 161 and 247 ms at 10 ms,
     * against 625 and 469 ms at 25 ms (docs/benchmarks.md). While projections wait, each re-read is one
     * indexed range query.
     */
    @Bean
    EmbeddedEventStore eventStore(
            EventStorageEngine engine,
            RecordedEvents recorded,
            @Value("${atrium.event-store.fetch-delay-ms:10}") long fetchDelayMillis) {
        EmbeddedEventStore store = new CommitAwareEventStore(
                EmbeddedEventStore.builder().storageEngine(engine).fetchDelay(fetchDelayMillis));
        store.registerDispatchInterceptor(recorded);
        return store;
    }

    /** How every aggregate finds the target of a command (see {@link AtriumCommandTargetResolver}). */
    @Bean
    AtriumCommandTargetResolver commandTargetResolver() {
        return new AtriumCommandTargetResolver();
    }

    @Bean
    RecordedEvents recordedEvents() {
        return new RecordedEvents();
    }

    /**
     * The cache every aggregate repository uses (see {@link CommandSideProperties.EventStore#cacheAggregates}).
     * Up to 2,000 aggregates are held strongly (weak entries were cleared by every young collection);
     * the dispatcher evicts an aggregate whose command's transaction did not commit. Where other nodes
     * may append too, an entry is used only while its version is the store's newest for that aggregate.
     */
    @Bean
    Cache aggregateCache(CommandSideProperties properties, EventStorageEngine engine) {
        if (properties.eventStore().cachesAggregates()) {
            return new BoundedAggregateCache(2_000);
        }
        if (properties.eventStore().checksCachedAggregates()) {
            return CheckedAggregateCache.over(new BoundedAggregateCache(2_000), engine);
        }
        return NoCache.INSTANCE;
    }

    @Bean
    TokenSchema tokenSchema() {
        return AxonEventStore.TOKEN_SCHEMA;
    }

    @Bean
    SnapshotTriggerDefinition miniProgramSnapshotTrigger(Snapshotter snapshotter, CommandSideProperties properties) {
        return new EventCountSnapshotTriggerDefinition(
                snapshotter, properties.eventStore().snapshotEvery());
    }

    /** The API-key table is written in the command's own transaction, and a failure there fails the command. */
    @Bean
    ConfigurerModule apiKeyTableProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(ApiKeyTable.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(
                        ApiKeyTable.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance()));
    }

    @Bean
    PackageLimits packageLimits(CommandSideProperties properties) {
        CommandSideProperties.Packages p = properties.packages();
        return new PackageLimits(
                p.maxUploadBytes(),
                p.maxTotalBytes(),
                p.maxPackageBytes(),
                p.maxEntries(),
                p.maxEntryBytes(),
                p.maxCompressionRatio());
    }

    /**
     * What an upload's scripts go through before the package is stored when no compiler is wired in
     * (the command side alone, in its own tests): scripts are stored as written. The server wires
     * Babel in as the primary {@code ScriptCompiler}, which then wins whatever order beans are read in.
     */
    @Bean
    ScriptCompiler scriptCompiler() {
        return ScriptCompiler.NONE;
    }

    @Bean
    PackageStore packageStore(CommandSideProperties properties) throws IOException {
        return new FileSystemPackageStore(
                properties.dataDir().toAbsolutePath().normalize().resolve("packages"));
    }

    @Bean
    PlatformKeys platformKeys(CommandSideProperties properties) throws IOException {
        return new FilePlatformKeys(
                properties.dataDir().toAbsolutePath().normalize().resolve("keys"));
    }

    @Bean
    WebFluxConfigurer commandSideWebFlux(CommandSideProperties properties) {
        return new WebFluxConfigurer() {
            @Override
            public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
                // JSON bodies (the largest are gray rules with 10,000 user ids) are cut off past this (413).
                configurer.defaultCodecs().maxInMemorySize(2 * 1024 * 1024);
                configurer.defaultCodecs().configureDefaultCodec(codec -> {
                    if (codec instanceof DefaultPartHttpMessageReader parts) {
                        // A part larger than the largest accepted package is cut off while it streams in (413).
                        parts.setMaxDiskUsagePerPart(properties.packages().maxUploadBytes());
                        parts.setMaxInMemorySize(256 * 1024);
                        parts.setMaxParts(8);
                        parts.setMaxHeadersSize(16 * 1024);
                    }
                });
            }
        };
    }

    @Bean
    OpenAPI atriumOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Atrium API")
                        .version("v1")
                        .description("The write side answers 202 {id, position}; errors are application/problem+json."))
                .components(new Components()
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("Authorization: Bearer <API key>")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}

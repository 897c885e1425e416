package io.atrium.query;

import io.atrium.query.access.ActiveKeys;
import io.atrium.query.access.QueryKeys;
import io.atrium.query.access.QueryRoles;
import io.atrium.query.audit.AuditController;
import io.atrium.query.audit.AuditLog;
import io.atrium.query.catalogue.CatalogueController;
import io.atrium.query.catalogue.CatalogueQueries;
import io.atrium.query.hostapp.HostAppController;
import io.atrium.query.hostapp.HostAppQueries;
import io.atrium.query.problem.QueryProblemMapper;
import io.atrium.query.readmodel.Json;
import io.atrium.query.readmodel.ReadModelConnection;
import io.atrium.query.readmodel.ReadModelPlacements;
import io.atrium.query.readmodel.ReadYourWrites;
import io.atrium.query.readmodel.Responses;
import io.atrium.query.sdk.HostAuthenticator;
import io.atrium.query.sdk.HostSignatures;
import io.atrium.query.sdk.ManifestSnapshot;
import io.atrium.query.sdk.SdkHandler;
import io.atrium.query.sdk.SdkKeys;
import io.atrium.query.sdk.SealedPackages;
import io.atrium.query.sdk.SignatureRefusals;
import io.r2dbc.pool.ConnectionPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The read side, as the server imports it when {@code atrium.roles} includes {@code query}. It has
 * its own small pool to the read models, whether or not the projections run in the same process.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QuerySideProperties.class)
@Import({
    CatalogueController.class,
    io.atrium.query.catalogue.VersionFilesController.class,
    io.atrium.query.catalogue.IconController.class,
    io.atrium.query.catalogue.ReviewQueueController.class,
    HostAppController.class,
    io.atrium.query.member.MemberController.class,
    AuditController.class,
    io.atrium.query.apikey.ApiKeyListController.class,
    io.atrium.query.role.RoleController.class,
    io.atrium.query.search.SearchController.class,
    io.atrium.query.access.WhoAmIController.class,
    QueryProblemMapper.class
})
public class QuerySideConfiguration {

    @Bean(destroyMethod = "dispose")
    ConnectionPool queryConnections(QuerySideProperties properties) {
        return ReadModelConnection.open(properties);
    }

    /**
     * Reads go to the shared read model, or, for a tenant with a database of its own, to that database
     * (see {@link ReadModelPlacements}).
     */
    @Bean
    DatabaseClient queryDatabase(
            @Qualifier("queryConnections") ConnectionPool connections, ObjectProvider<ReadModelPlacements> placements) {
        ReadModelPlacements routed = placements.getIfAvailable();
        return DatabaseClient.create(routed == null ? connections : routed.routing(connections));
    }

    @Bean
    ReadYourWrites readYourWrites(
            @Qualifier("queryDatabase") DatabaseClient db,
            QuerySideProperties properties,
            ObjectProvider<ReadModelPlacements> placements) {
        return new ReadYourWrites(db, properties.query().minPositionWait(), placements.getIfAvailable());
    }

    @Bean
    Responses queryResponses() {
        return new Responses(Json.MAPPER);
    }

    /** How every list route checks and answers its pages. */
    @Bean
    io.atrium.query.readmodel.Paging queryPaging(
            ReadYourWrites readYourWrites, Responses responses, QuerySideProperties properties) {
        return new io.atrium.query.readmodel.Paging(
                readYourWrites, responses, properties.query().maxPageSize());
    }

    @Bean
    CatalogueQueries catalogueQueries(@Qualifier("queryDatabase") DatabaseClient db) {
        return new CatalogueQueries(db);
    }

    @Bean
    HostAppQueries hostAppQueries(@Qualifier("queryDatabase") DatabaseClient db) {
        return new HostAppQueries(db);
    }

    @Bean
    io.atrium.query.member.MemberQueries memberQueries(@Qualifier("queryDatabase") DatabaseClient db) {
        return new io.atrium.query.member.MemberQueries(db);
    }

    @Bean
    AuditLog auditLog(@Qualifier("queryDatabase") DatabaseClient db) {
        return new AuditLog(db);
    }

    @Bean
    ActiveKeys activeKeys(
            @Qualifier("queryDatabase") DatabaseClient db, io.atrium.query.access.QueryMemberTokens memberTokens) {
        return new ActiveKeys(db, memberTokens);
    }

    /** Custom roles as the read models know them, for authentication on this side. */
    @Bean
    QueryRoles queryRoles(@Qualifier("queryDatabase") DatabaseClient db) {
        return new QueryRoles(db);
    }

    /** Bearer keys as the read models know them; the server's security configuration authenticates with it. */
    @Bean
    QueryKeys queryKeys(@Qualifier("queryDatabase") DatabaseClient db, QueryRoles roles) {
        return new QueryKeys(db, roles);
    }

    @Bean
    io.atrium.query.apikey.ApiKeyQueries apiKeyQueries(@Qualifier("queryDatabase") DatabaseClient db) {
        return new io.atrium.query.apikey.ApiKeyQueries(db);
    }

    @Bean
    io.atrium.query.role.RoleQueries roleQueries(@Qualifier("queryDatabase") DatabaseClient db) {
        return new io.atrium.query.role.RoleQueries(db);
    }

    /** Which tenants are suspended or deleted, for a node whose write side does not run beside it. */
    @Bean(destroyMethod = "close")
    io.atrium.query.access.TenantStates tenantStates(@Qualifier("queryDatabase") DatabaseClient db) {
        io.atrium.query.access.TenantStates states = new io.atrium.query.access.TenantStates(db);
        states.start();
        return states;
    }

    /** Members' access tokens on the read model, with the platform's clock and role catalogue where they exist. */
    @Bean
    io.atrium.query.access.QueryMemberTokens queryMemberTokens(
            @Qualifier("queryDatabase") DatabaseClient db,
            org.springframework.beans.factory.ObjectProvider<java.time.Clock> clock,
            QueryRoles roles) {
        return new io.atrium.query.access.QueryMemberTokens(
                db, clock.getIfAvailable(java.time.Clock::systemUTC), roles);
    }

    @Bean(destroyMethod = "close")
    ManifestSnapshot manifestSnapshot(
            @Qualifier("queryDatabase") DatabaseClient db,
            ObjectProvider<ReadModelPlacements> placements,
            @org.springframework.beans.factory.annotation.Value("${atrium.sdk.refresh-ms:100}") long refreshMillis) {
        ReadModelPlacements routed = placements.getIfAvailable();
        ManifestSnapshot snapshot = new ManifestSnapshot(db, routed == null ? java.util.Set.of() : routed.placed());
        snapshot.start(java.time.Duration.ofMillis(refreshMillis));
        return snapshot;
    }

    /**
     * Stops the snapshot's polling as soon as the context starts closing, not when its bean is
     * destroyed: by then the embedded read model could be closed (H2 closes it from its own JVM
     * shutdown hook), and a refresh logged a failure at shutdown under load. This narrows that race;
     * it does not remove it.
     */
    @Bean
    ApplicationListener<ContextClosedEvent> manifestSnapshotStopsOnClose(ManifestSnapshot snapshot) {
        return event -> snapshot.close();
    }

    /** The SDK's signature check; the server's security configuration runs it for the SDK's routes. */
    @Bean
    HostAuthenticator hostAuthenticator(
            ManifestSnapshot snapshot,
            SdkKeys keys,
            org.springframework.beans.factory.ObjectProvider<io.atrium.query.sdk.TenantStatus> tenants) {
        java.time.Clock clock = java.time.Clock.systemUTC();
        return new HostAuthenticator(
                snapshot,
                new HostSignatures(clock),
                keys,
                clock,
                tenants.getIfAvailable(() -> io.atrium.query.sdk.TenantStatus.ALL_ACTIVE));
    }

    /** The SDK endpoints; the server provides the platform keys, the package store and the refusals they need. */
    @Bean
    SdkHandler sdkHandler(
            ManifestSnapshot snapshot,
            HostAuthenticator hosts,
            SignatureRefusals refusals,
            SdkKeys keys,
            SealedPackages packages) {
        return new SdkHandler(snapshot, hosts, refusals, keys, packages);
    }

    @Bean
    RouterFunction<ServerResponse> sdkRoutes(SdkHandler handler) {
        return handler.routes();
    }

    /** The manifest on Reactor Netty itself, ahead of WebFlux (the hottest path; see ManifestRoute). */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
            name = "atrium.sdk.netty-route",
            havingValue = "true",
            matchIfMissing = true)
    io.atrium.query.sdk.ManifestRoute manifestRoute(
            org.springframework.beans.factory.ObjectProvider<SdkHandler> handler,
            org.springframework.beans.factory.ObjectProvider<io.atrium.query.sdk.RefusedSdkRequests> refused,
            org.springframework.beans.factory.ObjectProvider<io.atrium.query.sdk.SdkRequestMetrics> metrics) {
        return new io.atrium.query.sdk.ManifestRoute(
                handler::getObject,
                () -> refused.getIfAvailable(() -> io.atrium.query.sdk.RefusedSdkRequests.NONE),
                () -> metrics.getIfAvailable(io.atrium.query.sdk.SdkRequestMetrics::none));
    }

    /** Host apps' requests by outcome, in the application's registry when it has one. */
    @Bean
    io.atrium.query.sdk.SdkRequestMetrics sdkRequestMetrics(
            org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
        io.micrometer.core.instrument.MeterRegistry found = registry.getIfUnique();
        return found == null
                ? io.atrium.query.sdk.SdkRequestMetrics.none()
                : new io.atrium.query.sdk.SdkRequestMetrics(found);
    }

    /** Counts the SDK requests WebFlux answers (see {@link io.atrium.query.sdk.SdkRequestMetrics#filter()}). */
    @Bean
    org.springframework.web.server.WebFilter sdkRequestCounting(io.atrium.query.sdk.SdkRequestMetrics metrics) {
        return metrics.filter();
    }
}

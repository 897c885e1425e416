package io.atrium.server.placement;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.command.apikey.ApiKeyCommands.IssueApiKey;
import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.command.eventstore.EventStoreDatabase;
import io.atrium.command.placement.DedicatedEventStores;
import io.atrium.command.placement.TenantScope;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import io.atrium.query.QuerySideProperties;
import io.atrium.query.readmodel.ReadModelPlacements;
import io.atrium.search.SearchProperties;
import io.atrium.search.crawler.PackageCrawler;
import io.atrium.search.crawler.SealedVersions;
import io.atrium.search.index.SearchIndex;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.server.WebFilter;

/**
 * Composes the placements of {@code atrium.tenants}: each listed tenant's own event-store database
 * (to which the write side routes that tenant's commands), its own feed and projections writing its own
 * read model, the read side's routing, and the tenant's first owner key. Made only when some tenant is
 * placed; otherwise nothing here exists and every tenant is in the shared databases.
 */
@Configuration(proxyBeanMethods = false)
// Scanned with the application's package, so it carries its condition itself.
@Conditional(TenantPlacements.Configured.class)
@EnableConfigurationProperties(TenantPlacementProperties.class)
public class TenantPlacements {

    /** Whether {@code atrium.tenants} lists any tenant. */
    static final class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind("atrium.tenants", Bindable.mapOf(String.class, TenantPlacementProperties.Placement.class))
                    .map(placed -> !placed.isEmpty())
                    .orElse(false);
        }
    }

    /** Each placed tenant's event-store database, opened and migrated (after the configuration is checked). */
    @Bean(destroyMethod = "close")
    PlacedEventStores placedEventStores(TenantPlacementProperties properties, Environment environment)
            throws java.io.IOException {
        properties.check(environment);
        Map<TenantId, HikariDataSource> opened = new LinkedHashMap<>();
        try {
            for (Map.Entry<TenantId, TenantPlacementProperties.Placement> e :
                    properties.placements().entrySet()) {
                TenantId tenant = e.getKey();
                TenantPlacementProperties.EventStore store = e.getValue().eventStore();
                String configured = store.url();
                boolean embedded = configured == null || configured.isBlank();
                String url = configured;
                if (url == null || url.isBlank()) {
                    Files.createDirectories(properties.dir(tenant).resolve("eventstore"));
                    url = EventStoreDatabase.embeddedFileUrl(
                            properties.dir(tenant).resolve("eventstore"));
                }
                opened.put(
                        tenant,
                        EventStoreDatabase.open(
                                url,
                                embedded ? "sa" : store.username(),
                                embedded ? "" : store.password(),
                                store.maxPoolSize(),
                                "atrium-eventstore-" + tenant.value()));
            }
        } catch (RuntimeException | java.io.IOException e) {
            opened.values().forEach(HikariDataSource::close);
            throw e;
        }
        return new PlacedEventStores(opened);
    }

    /** What the write side routes by (see {@code TenantRoutingDataSource}). */
    @Bean
    DedicatedEventStores dedicatedEventStores(PlacedEventStores stores) {
        Map<TenantId, DataSource> databases = new LinkedHashMap<>(stores.databases());
        return new DedicatedEventStores(databases);
    }

    /** One feed and one set of projections per placement, each writing the placement's read model. */
    @Bean(destroyMethod = "close")
    PlacedProjections placedProjections(
            PlacedEventStores stores,
            TenantPlacementProperties properties,
            SearchIndex index,
            SealedVersions sealed,
            PackageCrawler crawler,
            SearchProperties search,
            @Value("${atrium.projections.hold-back-ms:50}") long holdBackMillis,
            @Value("${atrium.event-store.fetch-delay-ms:10}") long fetchDelayMillis)
            throws java.io.IOException {
        return PlacedProjections.open(
                stores, properties, index, sealed, crawler, search, holdBackMillis, fetchDelayMillis);
    }

    /**
     * The read side's routing: each read goes to its caller's tenant's read model. It takes the placed
     * projections only so that they are made first: making them migrates each placed read model, and the
     * read side (the SDK's manifest snapshot, at start-up) reads those tables as soon as it can route.
     */
    @Bean(destroyMethod = "close")
    TenantReadModels readModelPlacements(
            TenantPlacementProperties properties, QuerySideProperties query, PlacedProjections migrated) {
        return TenantReadModels.open(properties, query);
    }

    /**
     * Names the caller's placement in the Reactor context of every request past authentication (whichever
     * mechanism authenticated it put the caller on the exchange), so the read side's connections and its
     * read-your-writes waits go to that placement.
     */
    @Bean
    // After Spring Security's filter chain (order -100), which authenticates the caller.
    @Order(0)
    WebFilter callersPlacement(TenantPlacementProperties properties) {
        Set<TenantId> placed = properties.placements().keySet();
        return (exchange, chain) -> {
            Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
            if (caller == null || !placed.contains(caller.tenant())) {
                return chain.filter(exchange);
            }
            String placement = caller.tenant().value();
            return chain.filter(exchange).contextWrite(c -> c.put(ReadModelPlacements.CONTEXT_KEY, placement));
        };
    }

    /**
     * Each placement's {@code bootstrap-api-key} becomes an owner key of its tenant, recorded in the
     * tenant's own database, once. Tenants are otherwise created through the API; this is how a placed
     * tenant gets its first key without one.
     */
    @Bean
    ApplicationRunner placedOwnerKeys(
            TenantPlacementProperties properties, ApiKeyTable table, CommandDispatcher dispatcher) {
        return args -> properties.placements().forEach((tenant, placement) -> {
            String key = placement.bootstrapApiKey() == null
                    ? ""
                    : placement.bootstrapApiKey().strip();
            if (key.isEmpty()) {
                return;
            }
            if (key.length() < 16 || key.length() > 256 || !key.matches("[\\x21-\\x7e]+")) {
                throw new IllegalStateException(
                        "atrium.tenants." + tenant + ".bootstrap-api-key must be 16-256 visible ASCII characters");
            }
            String hash = ApiKeyTable.sha256(key);
            if (table.findBySecret(hash).isPresent()) {
                throw new IllegalStateException("atrium.tenants." + tenant
                        + ".bootstrap-api-key is already a key in the shared database; choose another");
            }
            if (TenantScope.in(tenant, () -> table.findBySecret(hash)).isPresent()) {
                return;
            }
            Caller system = Caller.system(tenant);
            dispatcher.execute(
                    new IssueApiKey(
                            ApiKeyId.generate(),
                            tenant,
                            system.actor(),
                            "bootstrap (atrium.tenants." + tenant + ".bootstrap-api-key)",
                            Set.of(Role.OWNER),
                            hash,
                            system.roles()),
                    new RequestContext(system, "", UUID.randomUUID().toString(), null, ""));
        });
    }
}

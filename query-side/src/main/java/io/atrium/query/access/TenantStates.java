package io.atrium.query.access;

import io.atrium.events.TenantId;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tenants that are not active (suspended or deleted), as {@code tenant_view} holds them: what a
 * node that runs the read side without the write side refuses a tenant's keys and host apps by.
 * Answered from memory (the SDK's hot route asks on every request) and re-read every
 * {@link #REFRESH}, so such a node refuses a suspended tenant within that plus the {@code tenants}
 * projection's lag.
 */
public final class TenantStates implements AutoCloseable {

    /** How often the copy is re-read. */
    public static final Duration REFRESH = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(TenantStates.class);

    private final DatabaseClient db;
    private volatile Map<String, String> inactive = Map.of();
    private @Nullable Disposable polling;

    public TenantStates(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Reads once (blocking, at start-up), then keeps re-reading in the background. A first read that
     * fails (the read model not migrated yet, while a cluster is upgraded) does not stop the node: it
     * is logged and retried with the next refresh.
     */
    public void start() {
        refresh()
                .onErrorResume(e -> {
                    LOG.warn("Could not read the tenants' states at start; retrying every {}", REFRESH, e);
                    return Mono.empty();
                })
                .block(Duration.ofMinutes(1));
        polling = Flux.interval(REFRESH, REFRESH)
                .onBackpressureDrop()
                .concatMap(tick -> refresh().onErrorResume(e -> {
                    LOG.warn("Could not re-read the tenants' states; keeping the last copy", e);
                    return Mono.empty();
                }))
                .subscribe();
    }

    Mono<Void> refresh() {
        return db.sql("SELECT id, state FROM tenant_view WHERE state <> 'active'")
                .map(row -> Map.entry(row.get("id", String.class), row.get("state", String.class)))
                .all()
                .collectList()
                .doOnNext(rows -> inactive =
                        rows.stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)))
                .then();
    }

    /** {@code suspended} or {@code deleted}; null while the tenant is active. The platform's tenant always is. */
    public @Nullable String inactiveState(TenantId tenant) {
        return tenant.equals(TenantId.DEFAULT) ? null : inactive.get(tenant.value());
    }

    @Override
    public void close() {
        Disposable running = polling;
        if (running != null) {
            running.dispose();
        }
    }
}

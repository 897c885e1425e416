package io.atrium.command.access;

import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.command.tenant.TenantState;
import io.atrium.command.tenant.TenantTable;
import io.atrium.events.TenantId;
import io.atrium.events.tenant.TenantDeleted;
import io.atrium.events.tenant.TenantEvent;
import io.atrium.events.tenant.TenantSuspended;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether a tenant's credentials and host apps may be served: the security path asks on every API
 * request and every SDK request, so it answers from memory and never blocks. It holds the tenants
 * that are not active (suspended or deleted; few), read from the tenant table at start and again in
 * the background whenever the copy is older than {@link #REFRESH}. A tenant event recorded on this
 * node changes the copy at once, when it commits, so a suspension is refused from the next request
 * on this node and within {@link #REFRESH} (plus a read) on the others.
 */
@Component
@ProcessingGroup(ApiKeyTable.PROCESSING_GROUP)
public class TenantGate implements DisposableBean {

    /** How stale another node's copy may get before a request triggers a reload. */
    static final Duration REFRESH = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(TenantGate.class);

    private final TenantTable table;
    private final ExecutorService reloader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "atrium-tenant-gate");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean reloading = new AtomicBoolean();
    private volatile Map<TenantId, TenantState> inactive = Map.of();
    private volatile long loadedAt;

    public TenantGate(TenantTable table) {
        this.table = table;
        reload();
    }

    /** The tenant's state, from memory. The platform's tenant is always active. */
    public TenantState stateOf(TenantId tenant) {
        if (tenant.equals(TenantId.DEFAULT)) {
            return TenantState.ACTIVE;
        }
        if (System.nanoTime() - loadedAt > REFRESH.toNanos() && reloading.compareAndSet(false, true)) {
            reloader.execute(() -> {
                try {
                    reload();
                } finally {
                    reloading.set(false);
                }
            });
        }
        return inactive.getOrDefault(tenant, TenantState.ACTIVE);
    }

    private void reload() {
        try {
            Map<TenantId, TenantState> fresh = new ConcurrentHashMap<>();
            table.all().stream()
                    .filter(row -> row.state() != TenantState.ACTIVE)
                    .forEach(row -> fresh.put(row.id(), row.state()));
            inactive = fresh;
            loadedAt = System.nanoTime();
        } catch (RuntimeException e) {
            // Keep the last copy; the next request retries the read.
            LOG.warn("cannot read the tenant table; keeping the tenants' states as last read", e);
        }
    }

    @EventHandler
    void on(TenantEvent event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    record(event);
                }
            });
        } else {
            record(event);
        }
    }

    private void record(TenantEvent event) {
        Map<TenantId, TenantState> next = new ConcurrentHashMap<>(inactive);
        if (event instanceof TenantSuspended) {
            next.put(event.tenantId(), TenantState.SUSPENDED);
        } else if (event instanceof TenantDeleted) {
            next.put(event.tenantId(), TenantState.DELETED);
        } else {
            next.remove(event.tenantId());
        }
        inactive = next;
    }

    @Override
    public void destroy() {
        reloader.shutdownNow();
    }
}

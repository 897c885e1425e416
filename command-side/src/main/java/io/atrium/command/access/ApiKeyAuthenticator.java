package io.atrium.command.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.command.apikey.ApiKeyTable.KeyRow;
import io.atrium.command.placement.DedicatedEventStores;
import io.atrium.command.role.RoleTable;
import io.atrium.events.access.Caller;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyRevoked;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Resolves a presented key to its caller. The key's row is cached briefly by the key's hash; a
 * revocation on this node evicts at once, other nodes notice within the cache's lifetime. What the
 * key's roles grant is resolved on every request through the {@link RoleTable}, so a changed custom
 * role counts from the next request.
 */
@Component
@ProcessingGroup(ApiKeyTable.PROCESSING_GROUP)
public class ApiKeyAuthenticator {

    /** How long another node may still accept a key revoked elsewhere. */
    static final Duration CACHE_TTL = Duration.ofSeconds(10);

    private final ApiKeyTable table;
    private final RoleTable roles;
    private final Cache<String, Optional<KeyRow>> cache = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(CACHE_TTL)
            .build();

    /**
     * Keys revoked on this node lately. A lookup that read the key before its revocation committed can
     * finish after the eviction and cache the key as valid; every answer is checked against this set,
     * which outlives any such entry (kept twice the cache's lifetime).
     */
    private final Cache<ApiKeyId, Boolean> revokedHere =
            Caffeine.newBuilder().expireAfterWrite(CACHE_TTL.multipliedBy(2)).build();

    /** Tenants with a database of their own, whose keys are looked up there (see {@link #find}). */
    private final DedicatedEventStores placements;

    /** Every key in the shared database. */
    public ApiKeyAuthenticator(ApiKeyTable table, RoleTable roles) {
        this(table, roles, new DedicatedEventStores(java.util.Map.of()));
    }

    @Autowired
    public ApiKeyAuthenticator(ApiKeyTable table, RoleTable roles, ObjectProvider<DedicatedEventStores> dedicated) {
        this(table, roles, dedicated.getIfAvailable(() -> new DedicatedEventStores(java.util.Map.of())));
    }

    public ApiKeyAuthenticator(ApiKeyTable table, RoleTable roles, DedicatedEventStores placements) {
        this.table = table;
        this.roles = roles;
        this.placements = placements;
    }

    /** The caller the key belongs to, if it is a valid, unrevoked key. Blocks on a cache miss. */
    public Optional<Caller> authenticate(String presentedKey) {
        String hash = ApiKeyTable.sha256(presentedKey);
        return unlessRevokedHere(hash, cache.get(hash, h -> find(h).filter(row -> !row.revoked())))
                .map(row -> caller(row, roles.permissionsOf(row.tenant(), row.roleNames())));
    }

    /**
     * The key's row in the shared {@code api_key} table, or else in the table of each tenant with a
     * database of its own. A key found in a tenant's database counts only if it is that tenant's: a row
     * naming another tenant there would be a key placed by hand, never one this side issued.
     */
    private Optional<ApiKeyTable.KeyRow> find(String hash) {
        return placements
                .find(() -> table.findBySecret(hash))
                .filter(found ->
                        placements.belongsIn(found.tenant(), found.value().tenant()))
                .map(DedicatedEventStores.Placed::value);
    }

    /** A cached answer, without touching the database; null when the key or its custom roles are not cached. */
    public @Nullable Optional<Caller> cached(String presentedKey) {
        String hash = ApiKeyTable.sha256(presentedKey);
        Optional<KeyRow> cached = cache.getIfPresent(hash);
        if (cached == null) {
            return null;
        }
        Optional<KeyRow> row = unlessRevokedHere(hash, cached);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Set<Permission> granted =
                roles.permissionsIfCached(row.get().tenant(), row.get().roleNames());
        return granted == null ? null : Optional.of(caller(row.get(), granted));
    }

    private static Caller caller(KeyRow row, Set<Permission> granted) {
        return new Caller(row.id().asActor(), row.id(), row.tenant(), row.roles(), granted);
    }

    private Optional<KeyRow> unlessRevokedHere(String hash, Optional<KeyRow> found) {
        ApiKeyId id = found.map(KeyRow::id).orElse(null);
        if (id != null && revokedHere.getIfPresent(id) != null) {
            cache.invalidate(hash);
            return Optional.empty();
        }
        return found;
    }

    @EventHandler
    void on(ApiKeyRevoked event) {
        evict(event.apiKeyId());
        // This runs inside the revoking command's transaction: a request with the key arriving before
        // that transaction commits still reads the key as valid and would cache it for another
        // CACHE_TTL. Evicting again once the revocation is committed closes that window.
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    revokedHere.put(event.apiKeyId(), Boolean.TRUE);
                    evict(event.apiKeyId());
                }
            });
        } else {
            revokedHere.put(event.apiKeyId(), Boolean.TRUE);
        }
    }

    private void evict(ApiKeyId apiKeyId) {
        cache.asMap()
                .entrySet()
                .removeIf(e -> e.getValue().map(r -> apiKeyId.equals(r.id())).orElse(false));
    }
}

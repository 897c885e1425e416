package io.atrium.events.access;

import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An authenticated caller of the HTTP API: the key it presented, that key's tenant and roles. The
 * platform itself (bootstrapping, for instance) is a caller without a key, acting as {@code system}.
 *
 * @param keyId null for the platform itself
 */
public record Caller(@Nullable ApiKeyId keyId, TenantId tenant, Set<Role> roles) {

    /** The name under which an HTTP layer keeps the authenticated caller of a request. */
    public static final String ATTRIBUTE = "io.atrium.caller";

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** The platform acting on its own, with every role. */
    public static Caller system(TenantId tenant) {
        return new Caller(null, tenant, Set.of(Role.OWNER));
    }

    /** The actor the caller's changes are recorded under. */
    public ActorId actor() {
        return keyId == null ? ActorId.SYSTEM : keyId.asActor();
    }

    /** @throws AccessDeniedException when none of the caller's roles grants {@code permission} */
    public Caller require(Permission permission) {
        if (!permission.grantedTo(roles)) {
            throw new AccessDeniedException(permission);
        }
        return this;
    }
}

package io.atrium.events.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.StableSets;
import io.atrium.events.TenantId;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An API key was issued. Only the SHA-256 of the key's secret is recorded; the secret itself was
 * answered once to whoever asked for the key.
 *
 * @param roles        the built-in roles the key holds
 * @param secretSha256 lower-case hex SHA-256 of the whole key as the caller sends it
 * @param customRoles  the names of the tenant's custom roles the key holds. Added after the first keys
 *                     were issued: rows without it read as none, and an empty set is not written, so a
 *                     key with built-in roles only is stored exactly as before (no new revision)
 */
@EventType(name = "atrium.apikey.ApiKeyIssued", legacyNames = "io.atrium.events.apikey.ApiKeyIssued")
public record ApiKeyIssued(
        ApiKeyId apiKeyId,
        TenantId tenantId,
        String name,
        Set<Role> roles,
        String secretSha256,
        ActorId issuedBy,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Set<String> customRoles)
        implements ApiKeyEvent {

    public ApiKeyIssued {
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        roles = StableSets.inDeclaredOrder(Role.class, roles);
        Objects.requireNonNull(secretSha256, "secretSha256");
        Objects.requireNonNull(issuedBy, "issuedBy");
        // Rows written before custom roles existed have no such member: Jackson passes null.
        customRoles = StableSets.sorted(customRoles);
    }

    /** A key holding built-in roles only. */
    public ApiKeyIssued(
            ApiKeyId apiKeyId, TenantId tenantId, String name, Set<Role> roles, String secretSha256, ActorId issuedBy) {
        this(apiKeyId, tenantId, name, roles, secretSha256, issuedBy, Set.of());
    }

    /** Every role name the key holds, built-in and custom. */
    public Set<String> roleNames() {
        Set<String> names = new TreeSet<>(customRoles);
        roles.forEach(r -> names.add(r.wireName()));
        return names;
    }
}

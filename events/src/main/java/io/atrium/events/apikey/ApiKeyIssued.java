package io.atrium.events.apikey;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.util.Objects;
import java.util.Set;

/**
 * An API key was issued. Only the SHA-256 of the key's secret is recorded; the secret itself was
 * answered once to whoever asked for the key.
 *
 * @param secretSha256 lower-case hex SHA-256 of the whole key as the caller sends it
 */
@EventType(name = "atrium.apikey.ApiKeyIssued", legacyNames = "io.atrium.events.apikey.ApiKeyIssued")
public record ApiKeyIssued(
        ApiKeyId apiKeyId, TenantId tenantId, String name, Set<Role> roles, String secretSha256, ActorId issuedBy)
        implements ApiKeyEvent {

    public ApiKeyIssued {
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(secretSha256, "secretSha256");
        Objects.requireNonNull(issuedBy, "issuedBy");
    }
}

package io.atrium.events.hostapp;

import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.util.List;
import java.util.Objects;

/**
 * A host app was registered. Its signing secret is not part of the fact: the platform derives it
 * from its master key, the host app id and {@code secretGeneration} (see {@link HostAppSecret}).
 */
@EventType(name = "atrium.hostapp.HostAppRegistered", legacyNames = "io.atrium.events.hostapp.HostAppRegistered")
public record HostAppRegistered(
        HostAppId hostAppId, TenantId tenantId, String name, List<BundleId> bundleIds, int secretGeneration)
        implements HostAppEvent {

    public HostAppRegistered {
        Objects.requireNonNull(hostAppId, "hostAppId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        bundleIds = List.copyOf(bundleIds);
    }
}

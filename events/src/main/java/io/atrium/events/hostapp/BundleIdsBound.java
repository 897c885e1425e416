package io.atrium.events.hostapp;

import io.atrium.events.EventType;
import java.util.List;
import java.util.Objects;

/** The host app's bundle ids / package names are now exactly {@code bundleIds}. */
@EventType(name = "atrium.hostapp.BundleIdsBound", legacyNames = "io.atrium.events.hostapp.BundleIdsBound")
public record BundleIdsBound(HostAppId hostAppId, List<BundleId> bundleIds) implements HostAppEvent {

    public BundleIdsBound {
        Objects.requireNonNull(hostAppId, "hostAppId");
        bundleIds = List.copyOf(bundleIds);
    }
}

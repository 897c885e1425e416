package io.atrium.events.hostapp;

import io.atrium.events.EventType;
import java.util.List;
import java.util.Objects;

/** The domains this host's mini-programs may reach are now exactly {@code domains}. */
@EventType(name = "atrium.hostapp.DomainAllowlistSet", legacyNames = "io.atrium.events.hostapp.DomainAllowlistSet")
public record DomainAllowlistSet(HostAppId hostAppId, List<AllowedDomain> domains) implements HostAppEvent {

    public DomainAllowlistSet {
        Objects.requireNonNull(hostAppId, "hostAppId");
        domains = List.copyOf(domains);
    }
}

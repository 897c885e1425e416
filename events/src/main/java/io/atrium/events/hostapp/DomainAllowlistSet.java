package io.atrium.events.hostapp;

import java.util.List;
import java.util.Objects;

/** The domains this host's mini-programs may reach are now exactly {@code domains}. */
public record DomainAllowlistSet(HostAppId hostAppId, List<AllowedDomain> domains) implements HostAppEvent {

    public DomainAllowlistSet {
        Objects.requireNonNull(hostAppId, "hostAppId");
        domains = List.copyOf(domains);
    }
}

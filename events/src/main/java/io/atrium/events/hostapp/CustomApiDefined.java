package io.atrium.events.hostapp;

import java.util.Objects;

/** The host app offers a custom API that mini-programs call through {@code invokeHostApi}. */
public record CustomApiDefined(HostAppId hostAppId, String name, String description) implements HostAppEvent {

    public CustomApiDefined {
        Objects.requireNonNull(hostAppId, "hostAppId");
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
    }
}

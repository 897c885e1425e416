package io.atrium.events.hostapp;

import io.atrium.events.EventType;
import java.util.Objects;

/** The host app offers a custom API that mini-programs call through {@code invokeHostApi}. */
@EventType(name = "atrium.hostapp.CustomApiDefined", legacyNames = "io.atrium.events.hostapp.CustomApiDefined")
public record CustomApiDefined(HostAppId hostAppId, String name, String description) implements HostAppEvent {

    public CustomApiDefined {
        Objects.requireNonNull(hostAppId, "hostAppId");
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
    }
}

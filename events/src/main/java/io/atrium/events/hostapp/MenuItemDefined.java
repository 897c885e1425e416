package io.atrium.events.hostapp;

import io.atrium.events.EventType;
import java.util.Objects;

/** The host app offers a menu item that it can show in a mini-program's menu. */
@EventType(name = "atrium.hostapp.MenuItemDefined", legacyNames = "io.atrium.events.hostapp.MenuItemDefined")
public record MenuItemDefined(HostAppId hostAppId, String name, String title) implements HostAppEvent {

    public MenuItemDefined {
        Objects.requireNonNull(hostAppId, "hostAppId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
    }
}

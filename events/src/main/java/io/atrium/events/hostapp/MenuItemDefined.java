package io.atrium.events.hostapp;

import java.util.Objects;

/** The host app offers a menu item that it can show in a mini-program's menu. */
public record MenuItemDefined(HostAppId hostAppId, String name, String title) implements HostAppEvent {

    public MenuItemDefined {
        Objects.requireNonNull(hostAppId, "hostAppId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
    }
}

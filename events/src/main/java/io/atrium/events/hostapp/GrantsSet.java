package io.atrium.events.hostapp;

import io.atrium.events.EventType;
import io.atrium.events.miniprogram.MiniProgramId;
import java.util.List;
import java.util.Objects;

/**
 * What the host app grants one associated mini-program, replacing any earlier grant.
 *
 * @param apiGroups built-in API groups it may call
 * @param apis      the host's custom APIs it may call (all defined by the host)
 * @param menus     the host's menu items shown for it (all defined by the host)
 * @param scopes    privacy scopes granted, e.g. {@code scope.userInfo}
 */
@EventType(name = "atrium.hostapp.GrantsSet", legacyNames = "io.atrium.events.hostapp.GrantsSet")
public record GrantsSet(
        HostAppId hostAppId,
        MiniProgramId miniProgramId,
        List<BuiltinApiGroup> apiGroups,
        List<String> apis,
        List<String> menus,
        List<String> scopes)
        implements HostAppEvent {

    public GrantsSet {
        Objects.requireNonNull(hostAppId, "hostAppId");
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        apiGroups = List.copyOf(apiGroups);
        apis = List.copyOf(apis);
        menus = List.copyOf(menus);
        scopes = List.copyOf(scopes);
    }
}

package io.atrium.events.hostapp;

import io.atrium.events.AtriumEvent;

/** The facts of a host app's life. One record per kind of fact. */
public sealed interface HostAppEvent extends AtriumEvent
        permits HostAppRegistered,
                BundleIdsBound,
                DomainAllowlistSet,
                MiniProgramAssociated,
                MiniProgramDissociated,
                CustomApiDefined,
                MenuItemDefined,
                GrantsSet,
                HostAppSecretRotated {

    HostAppId hostAppId();

    @Override
    default String aggregateId() {
        return hostAppId().value();
    }
}

package io.atrium.command.apikey;

import io.atrium.events.TenantId;

/** What the ApiKey aggregate needs to know of a tenant's other keys to keep at least one owner. */
public interface OwnerKeyGuard {

    /**
     * The tenant's owner keys that are not revoked, counted after taking a lock that a concurrent
     * caller of this method for the same tenant waits on until this command's transaction ends.
     */
    int lockAndCountActiveOwnerKeys(TenantId tenant);
}

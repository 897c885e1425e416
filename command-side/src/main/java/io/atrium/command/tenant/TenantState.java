package io.atrium.command.tenant;

import java.util.Locale;

/** Where a tenant is in its life; only an active tenant's credentials and host apps are served. */
public enum TenantState {
    ACTIVE,
    SUSPENDED,
    DELETED;

    /** As the API and the tenant table spell it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TenantState of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}

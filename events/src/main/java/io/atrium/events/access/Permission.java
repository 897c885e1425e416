package io.atrium.events.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import io.atrium.events.apikey.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a command needs the caller to be allowed to do, and which roles allow it. */
public enum Permission {
    /** Create and edit mini-programs, upload and submit versions. */
    DEVELOP(Role.DEVELOPER),
    /** Approve and reject versions in review. */
    REVIEW(Role.REVIEWER),
    /** Release, gray-release, roll back, delist and relist. */
    OPERATE(Role.OPERATOR),
    /** Register and configure host apps. */
    MANAGE_HOST_APPS(Role.OPERATOR),
    /** Issue and revoke API keys. */
    MANAGE_KEYS(),
    /** Revoke a key with the owner role: an admin must not be able to remove the owners above it. */
    MANAGE_OWNER_KEYS(EnumSet.of(Role.OWNER)),
    /** Read the operation log. */
    AUDIT(Role.AUDITOR),
    /** Read the catalogue and host apps. */
    READ(Role.DEVELOPER, Role.REVIEWER, Role.OPERATOR, Role.AUDITOR),
    /**
     * Run the platform: projection status, replay and skips. These act on every tenant's read models at
     * once, so only a platform operator holds it; a tenant's owner or admin does not.
     */
    ADMINISTER(EnumSet.of(Role.PLATFORM_OPERATOR)),
    /** Invite, edit, disable and remove members, and set the tenant's login policy. */
    MANAGE_MEMBERS(),
    /** Define, change and delete custom roles. */
    MANAGE_ROLES(),
    /** Create, list, suspend and delete tenants: the platform operator's, above every tenant. */
    MANAGE_TENANTS(EnumSet.of(Role.PLATFORM_OPERATOR));

    private final Set<Role> roles;

    /** Granted to owners, admins and {@code roles}. */
    Permission(Role... roles) {
        this(withOwnerAndAdmin(roles));
    }

    /** Granted to exactly {@code roles}. */
    Permission(Set<Role> roles) {
        this.roles = roles;
    }

    private static Set<Role> withOwnerAndAdmin(Role... roles) {
        Set<Role> granted = EnumSet.of(Role.OWNER, Role.ADMIN);
        granted.addAll(java.util.List.of(roles));
        return granted;
    }

    public boolean grantedTo(Set<Role> held) {
        return held.stream().anyMatch(roles::contains);
    }

    /** Whether only the platform's roles grant it: outside the platform's tenant nobody holds it. */
    public boolean platformOnly() {
        return roles.equals(EnumSet.of(Role.PLATFORM_OPERATOR));
    }

    /** The roles that grant it, for error messages. */
    public Set<Role> roles() {
        return roles;
    }

    /** Every permission some of {@code held} grants. */
    public static Set<Permission> grantedBy(Set<Role> held) {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        for (Permission p : values()) {
            if (p.grantedTo(held)) {
                granted.add(p);
            }
        }
        return granted;
    }

    /** The permission's name in the API and in stored role definitions ({@code manage-host-apps}). */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A permission from its wire name, as input names it. */
    @JsonCreator
    public static Permission of(String name) {
        return Arrays.stream(values())
                .filter(p -> p.wireName().equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException(
                        "permissions",
                        "'" + name + "' is not a permission ("
                                + Arrays.stream(values())
                                        .map(Permission::wireName)
                                        .collect(Collectors.joining(", "))
                                + ")"));
    }
}

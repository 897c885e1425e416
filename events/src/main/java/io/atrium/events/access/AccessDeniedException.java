package io.atrium.events.access;

import io.atrium.events.apikey.Role;
import java.util.stream.Collectors;

/** The caller is known but its roles do not allow what it asked. */
public class AccessDeniedException extends RuntimeException {

    private final Permission permission;

    public AccessDeniedException(Permission permission) {
        super(explain(permission));
        this.permission = permission;
    }

    public Permission permission() {
        return permission;
    }

    /**
     * Why a caller without {@code permission} is refused, for every 403 of every side: the permission
     * by its wire name, the built-in roles that grant it and, where a tenant may grant it, custom roles.
     */
    public static String explain(Permission permission) {
        String roles = permission.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(", "));
        return permission == Permission.MANAGE_TENANTS
                ? "this needs one of the roles " + roles + " (the permission " + permission.wireName() + ")"
                : "this needs one of the roles " + roles + ", or a custom role granting the permission "
                        + permission.wireName();
    }
}

package io.atrium.events.access;

import io.atrium.events.apikey.Role;
import java.util.stream.Collectors;

/** The caller is known but its roles do not allow what it asked. */
public class AccessDeniedException extends RuntimeException {

    private final Permission permission;

    public AccessDeniedException(Permission permission) {
        super("this needs one of the roles "
                + permission.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(", ")));
        this.permission = permission;
    }

    public Permission permission() {
        return permission;
    }
}

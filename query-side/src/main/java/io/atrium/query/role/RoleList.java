package io.atrium.query.role;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Every role a key of the tenant may hold, predefined ones first, and every permission a custom role
 * may grant.
 *
 * @param permissions the wire names a role definition may use
 */
public record RoleList(
        List<RoleDto> roles,

        @Schema(example = "[\"develop\", \"review\", \"operate\", \"read\"]")
        List<String> permissions) {}

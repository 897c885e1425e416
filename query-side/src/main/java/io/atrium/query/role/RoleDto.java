package io.atrium.query.role;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A role as the role list answers it.
 *
 * @param predefined  true for the built-in roles, which are read-only
 * @param permissions what holding it allows, by wire name
 * @param definedAt   null for a predefined role
 * @param changedAt   null for a predefined role
 */
public record RoleDto(
        @Schema(example = "release-manager") String name,
        @Schema(example = "Releases and rolls back") String description,
        @Schema(example = "false") boolean predefined,
        @Schema(example = "[\"operate\", \"read\"]") List<String> permissions,

        @Schema(example = "2026-11-28T10:15:30Z", nullable = true) @Nullable
        Instant definedAt,

        @Schema(example = "2026-11-29T08:00:00Z", nullable = true) @Nullable
        Instant changedAt) {}

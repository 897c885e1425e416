package io.atrium.query.member;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A member as listed.
 *
 * @param status {@code invited}, {@code active} or {@code disabled}
 */
public record MemberDto(
        @Schema(example = "mem-01jd8q3k5v6w7x8y9z0a1b2c3d") String id,
        @Schema(example = "ada@example.com") String email,
        @Schema(example = "Ada Lovelace") String displayName,
        @Schema(example = "[\"developer\"]") List<String> roles,
        @Schema(example = "active") String status,
        @Schema(example = "false") boolean secondFactor,
        @Schema(example = "2026-12-01T09:00:00Z") Instant invitedAt,
        @Schema(example = "2026-12-01T09:30:00Z") @Nullable Instant lastLoginAt) {}

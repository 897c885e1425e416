package io.atrium.query.apikey;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An API key as the key list answers it. Neither the key nor its SHA-256 is ever part of it.
 *
 * @param roles     built-in and custom role names the key holds
 * @param issuedBy  the actor who issued it (empty for keys projected before this was recorded, until a replay)
 * @param revokedAt null while the key is valid
 */
public record ApiKeyDto(
        @Schema(example = "key-01jd8q3k5v6w7x8y9z0a1b2c3d") String id,
        @Schema(example = "ci pipeline") String name,

        @Schema(example = "[\"developer\", \"release-manager\"]")
        List<String> roles,

        @Schema(example = "2026-11-28T10:15:30Z") Instant issuedAt,
        @Schema(example = "key-01jd8q3k5v6w7x8y9z0a1b2c3e") String issuedBy,
        @Schema(example = "false") boolean revoked,

        @Schema(example = "2026-11-29T08:00:00Z", nullable = true) @Nullable
        Instant revokedAt,

        @Schema(example = "42") long position) {}

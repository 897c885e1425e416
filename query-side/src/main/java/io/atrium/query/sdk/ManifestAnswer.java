package io.atrium.query.sdk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The manifest a host reads: which version to run for this user, how to check and open its sealed
 * package, and what the mini-program may do in this host. The handler writes this record (once per
 * state of the snapshot) and the OpenAPI document describes this same record, so the two cannot drift.
 *
 * @param grayReleaseId the gray release the user matched, or null for the full release (always written)
 * @param dataKey       the package's data key, wrapped for this host
 */
public record ManifestAnswer(
        @Schema(example = "mp-01jd8q3k5v6w7x8y9z0a1b2c3d") String miniProgramId,
        @Schema(example = "1.2.0") String version,

        @Schema(nullable = true, example = "gr-01jd8q3k5v6w7x8y9z0a1b2c3d")
        @JsonInclude(JsonInclude.Include.ALWAYS)
        @Nullable
        String grayReleaseId,

        @JsonProperty("package") SealedPackageRef sealedPackage,

        @Schema(example = "5e0d3c2b1a09f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d5c4b3a29180706")
        String manifestSha256,

        @Schema(example = "MEUCIQDx...") String signature,
        @Schema(example = "pk-2026-11") String signingKeyId,
        List<ManifestSnapshot.FileEntry> files,

        @Schema(description = "the package's data key wrapped for this host", example = "AAECAwQF...")
        String dataKey,

        Policy policy) {

    /** Where the sealed package is and how to check it. */
    public record SealedPackageRef(
            @Schema(example = "/sdk/v1/packages/mp-01jd8q3k5v6w7x8y9z0a1b2c3d/1.2.0")
            String url,

            @Schema(example = "sha256:9f2c...") String digest,
            @Schema(example = "48213") long size) {}

    /** What the mini-program may do in this host. */
    public record Policy(
            @Schema(example = "[\"ui\", \"network\"]") List<String> apiGroups,
            @Schema(example = "[\"getWallet\"]") List<String> apis,
            @Schema(example = "[\"share\"]") List<String> menus,
            @Schema(example = "[\"scope.userInfo\"]") List<String> scopes,
            @Schema(example = "[\"api.example.com\"]") List<String> domains) {}
}

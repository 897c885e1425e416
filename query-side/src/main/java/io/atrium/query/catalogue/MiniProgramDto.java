package io.atrium.query.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.events.miniprogram.MiniProgramIcon;
import io.atrium.events.miniprogram.MiniProgramView;
import io.atrium.query.readmodel.Json;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A mini-program as the read API answers it. */
public record MiniProgramDto(
        String id,
        String name,
        String description,
        String category,
        List<String> tags,
        @Nullable Icon icon,
        String developer,
        String state,
        @Nullable String delistReason,
        boolean developerFrozen,
        @Nullable String currentVersion,
        @Nullable GrayRelease grayRelease,
        Instant createdAt,
        Instant updatedAt,
        long position,
        List<VersionDto> versions) {

    /**
     * The icon; the image is at {@code url} (same credentials as this read).
     *
     * @param url    where the image is; null in an answer as of an earlier time (only the icon a mini-program
     *               has now is served, and it may be another one)
     * @param digest lower-case hex SHA-256 of the image, also its ETag: a client caches by it
     */
    public record Icon(@Nullable String url, String mediaType, long bytes, int width, int height, String digest) {

        static @Nullable Icon of(String miniProgramId, @Nullable MiniProgramIcon icon) {
            return icon == null
                    ? null
                    : new Icon(
                            "/api/v1/mini-programs/" + miniProgramId + "/icon",
                            icon.mediaType(),
                            icon.bytes(),
                            icon.width(),
                            icon.height(),
                            icon.digest());
        }
    }

    /** The active gray release. */
    public record GrayRelease(String id, String version, JsonNode rules, Instant startedAt) {}

    /** One version with its review state. */
    public record VersionDto(
            String version,
            String state,
            @Nullable String notes,
            String packageDigest,
            long packageSize,
            int fileCount,
            String uploadedBy,
            Instant uploadedAt,
            @Nullable String reviewedBy,
            @Nullable String rejectionReason,
            @Nullable Instant reviewedAt,
            boolean sealed,
            @Nullable Instant releasedAt) {}

    /** An icon as it was: its facts, without the URL that serves only today's image. */
    private static @Nullable Icon asWas(@Nullable MiniProgramIcon icon) {
        return icon == null
                ? null
                : new Icon(null, icon.mediaType(), icon.bytes(), icon.width(), icon.height(), icon.digest());
    }

    /** The same shape from the fold (time travel). */
    static MiniProgramDto of(MiniProgramView v) {
        MiniProgramView.Gray g = v.gray();
        return new MiniProgramDto(
                v.id().value(),
                v.details().name(),
                v.details().description(),
                v.details().category(),
                v.details().tags(),
                asWas(v.icon()),
                v.developer().value(),
                v.delisted() ? "delisted" : "listed",
                v.delistReason(),
                v.developerFrozen(),
                v.currentVersion() == null ? null : v.currentVersion().value(),
                g == null
                        ? null
                        : new GrayRelease(
                                g.id().value(), g.version().value(), Json.MAPPER.valueToTree(g.rules()), g.startedAt()),
                v.createdAt(),
                v.updatedAt(),
                v.position(),
                v.versions().stream()
                        .map(x -> new VersionDto(
                                x.version().value(),
                                x.state().name().toLowerCase(java.util.Locale.ROOT),
                                x.notes(),
                                x.packageDigest(),
                                x.packageSize(),
                                x.files().size(),
                                x.uploadedBy().value(),
                                x.uploadedAt(),
                                x.reviewedBy() == null ? null : x.reviewedBy().value(),
                                x.rejectionReason(),
                                x.reviewedAt(),
                                x.sealedPackage() != null,
                                x.releasedAt()))
                        .toList());
    }
}

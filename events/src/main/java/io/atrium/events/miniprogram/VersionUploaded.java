package io.atrium.events.miniprogram;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import java.util.List;
import java.util.Objects;

/**
 * A new version's code package was uploaded and passed validation.
 *
 * @param packageDigest lower-case hex SHA-256 of the zip as uploaded; its address in the package store
 * @param packageBytes  the zip's size in bytes (revision 1 called it {@code packageSize}; see
 *                      {@link VersionUploadedRevision1})
 * @param files         every file of the package with its size and SHA-256
 */
@EventType(
        name = "atrium.miniprogram.VersionUploaded",
        revision = 2,
        legacyNames = "io.atrium.events.miniprogram.VersionUploaded")
public record VersionUploaded(
        MiniProgramId miniProgramId,
        VersionNumber version,
        String notes,
        String packageDigest,
        long packageBytes,
        List<PackageFile> files,
        ActorId uploadedBy)
        implements MiniProgramEvent {

    public VersionUploaded {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(version, "version");
        notes = notes == null ? "" : notes;
        Objects.requireNonNull(packageDigest, "packageDigest");
        files = List.copyOf(files);
        Objects.requireNonNull(uploadedBy, "uploadedBy");
    }
}

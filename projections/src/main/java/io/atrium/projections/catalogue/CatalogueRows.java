package io.atrium.projections.catalogue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.gray.GrayRuleSet;
import io.atrium.events.miniprogram.GrayReleaseId;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramIcon;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.MiniProgramView;
import io.atrium.events.miniprogram.PackageFile;
import io.atrium.events.miniprogram.SealedPackage;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.events.miniprogram.VersionState;
import io.atrium.projections.readmodel.ReadModelJson;
import io.atrium.projections.readmodel.Rows;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** How a {@link MiniProgramView} is laid out in {@code mini_program} and {@code mini_program_version} rows, both ways. */
final class CatalogueRows {

    static final List<String> PROGRAM_COLUMNS = List.of(
            "id",
            "tenant_id",
            "name",
            "description",
            "category",
            "tags",
            "icon",
            "developer",
            "state",
            "delist_reason",
            "developer_frozen",
            "current_version",
            "gray_release_id",
            "gray_version",
            "gray_rules",
            "gray_started_at",
            "created_at",
            "updated_at",
            "position");
    static final List<Class<?>> PROGRAM_TYPES = List.of(
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            Boolean.class,
            String.class,
            String.class,
            String.class,
            String.class,
            Instant.class,
            Instant.class,
            Instant.class,
            Long.class);
    static final List<String> VERSION_COLUMNS = List.of(
            "mini_program_id",
            "version",
            "upload_order",
            "state",
            "notes",
            "package_digest",
            "package_size",
            "files",
            "uploaded_by",
            "uploaded_at",
            "reviewed_by",
            "rejection_reason",
            "reviewed_at",
            "sealed_digest",
            "sealed_size",
            "manifest_sha256",
            "manifest_signature",
            "signing_key_id",
            "wrapped_data_key",
            "released_at");
    static final List<Class<?>> VERSION_TYPES = List.of(
            String.class,
            String.class,
            Integer.class,
            String.class,
            String.class,
            String.class,
            Long.class,
            String.class,
            String.class,
            Instant.class,
            String.class,
            String.class,
            Instant.class,
            String.class,
            Long.class,
            String.class,
            String.class,
            String.class,
            String.class,
            Instant.class);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<PackageFile>> FILES = new TypeReference<>() {};

    private CatalogueRows() {}

    static Object[] program(MiniProgramView v) {
        MiniProgramView.Gray gray = v.gray();
        return new Object[] {
            v.id().value(),
            v.tenant().value(),
            v.details().name(),
            v.details().description(),
            v.details().category(),
            ReadModelJson.write(v.details().tags()),
            v.icon() == null ? null : ReadModelJson.write(v.icon()),
            v.developer().value(),
            v.delisted() ? "DELISTED" : "LISTED",
            v.delistReason(),
            v.developerFrozen(),
            v.currentVersion() == null ? null : v.currentVersion().value(),
            gray == null ? null : gray.id().value(),
            gray == null ? null : gray.version().value(),
            gray == null ? null : ReadModelJson.write(gray.rules()),
            gray == null ? null : gray.startedAt(),
            v.createdAt(),
            v.updatedAt(),
            v.position()
        };
    }

    static List<Object[]> versions(MiniProgramView v) {
        List<Object[]> rows = new ArrayList<>();
        int order = 0;
        for (MiniProgramView.Version x : v.versions()) {
            SealedPackage s = x.sealedPackage();
            rows.add(new Object[] {
                v.id().value(),
                x.version().value(),
                order++,
                x.state().name(),
                x.notes(),
                x.packageDigest(),
                x.packageSize(),
                ReadModelJson.write(x.files()),
                x.uploadedBy().value(),
                x.uploadedAt(),
                x.reviewedBy() == null ? null : x.reviewedBy().value(),
                x.rejectionReason(),
                x.reviewedAt(),
                s == null ? null : s.digest(),
                s == null ? null : s.size(),
                s == null ? null : s.manifestSha256(),
                s == null ? null : s.manifestSignature(),
                s == null ? null : s.signingKeyId(),
                s == null ? null : s.wrappedDataKey(),
                x.releasedAt()
            });
        }
        return rows;
    }

    /** The view a {@code mini_program} row and its version rows hold (versions in upload order). */
    static MiniProgramView view(Readable p, List<MiniProgramView.Version> versions) {
        String grayId = p.get("gray_release_id", String.class);
        MiniProgramView.Gray gray = grayId == null
                ? null
                : new MiniProgramView.Gray(
                        new GrayReleaseId(grayId),
                        VersionNumber.of(p.get("gray_version", String.class)),
                        ReadModelJson.read(p.get("gray_rules", String.class), GrayRuleSet.class),
                        Rows.instant(p.get("gray_started_at", LocalDateTime.class)));
        String current = p.get("current_version", String.class);
        String icon = p.get("icon", String.class);
        return new MiniProgramView(
                new MiniProgramId(p.get("id", String.class)),
                new TenantId(p.get("tenant_id", String.class)),
                new MiniProgramDetails(
                        p.get("name", String.class),
                        p.get("description", String.class),
                        p.get("category", String.class),
                        ReadModelJson.read(p.get("tags", String.class), STRINGS)),
                icon == null ? null : ReadModelJson.read(icon, MiniProgramIcon.class),
                new ActorId(p.get("developer", String.class)),
                "DELISTED".equals(p.get("state", String.class)),
                p.get("delist_reason", String.class),
                Boolean.TRUE.equals(p.get("developer_frozen", Boolean.class)),
                current == null ? null : VersionNumber.of(current),
                gray,
                versions,
                Rows.instant(p.get("created_at", LocalDateTime.class)),
                Rows.instant(p.get("updated_at", LocalDateTime.class)),
                p.get("position", Long.class));
    }

    static MiniProgramView.Version version(Readable r) {
        String sealedDigest = r.get("sealed_digest", String.class);
        SealedPackage sealed = sealedDigest == null
                ? null
                : new SealedPackage(
                        sealedDigest,
                        r.get("sealed_size", Long.class),
                        r.get("manifest_sha256", String.class),
                        r.get("signing_key_id", String.class),
                        r.get("wrapped_data_key", String.class),
                        r.get("manifest_signature", String.class));
        String reviewer = r.get("reviewed_by", String.class);
        return new MiniProgramView.Version(
                VersionNumber.of(r.get("version", String.class)),
                VersionState.valueOf(r.get("state", String.class)),
                r.get("notes", String.class),
                r.get("package_digest", String.class),
                r.get("package_size", Long.class),
                ReadModelJson.read(r.get("files", String.class), FILES),
                new ActorId(r.get("uploaded_by", String.class)),
                Rows.instant(r.get("uploaded_at", LocalDateTime.class)),
                reviewer == null ? null : new ActorId(reviewer),
                r.get("rejection_reason", String.class),
                Rows.instantOrNull(r.get("reviewed_at", LocalDateTime.class)),
                sealed,
                Rows.instantOrNull(r.get("released_at", LocalDateTime.class)));
    }
}

package io.atrium.projections;

import io.atrium.events.ActorId;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventMetadata;
import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.Role;
import io.atrium.events.gray.GrayRuleSet;
import io.atrium.events.hostapp.AllowedDomain;
import io.atrium.events.hostapp.BuiltinApiGroup;
import io.atrium.events.hostapp.DomainAllowlistSet;
import io.atrium.events.hostapp.GrantsSet;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.hostapp.HostAppRegistered;
import io.atrium.events.hostapp.HostAppSecretRotated;
import io.atrium.events.hostapp.MiniProgramAssociated;
import io.atrium.events.miniprogram.GrayReleaseId;
import io.atrium.events.miniprogram.GrayReleaseStarted;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramDetailsUpdated;
import io.atrium.events.miniprogram.MiniProgramIcon;
import io.atrium.events.miniprogram.MiniProgramIconChanged;
import io.atrium.events.miniprogram.MiniProgramIconRemoved;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.PackageFile;
import io.atrium.events.miniprogram.SealedPackage;
import io.atrium.events.miniprogram.VersionApproved;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.events.miniprogram.VersionReleased;
import io.atrium.events.miniprogram.VersionSubmittedForReview;
import io.atrium.events.miniprogram.VersionUploaded;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Realistic event histories for projection tests: many mini-programs through their lifecycle, a host app, a key. */
public final class Histories {

    private final List<StoredEvent> events = new ArrayList<>();
    private final Map<String, Long> sequences = new java.util.HashMap<>();
    private final Instant start = Instant.parse("2026-11-01T00:00:00Z");

    public static List<StoredEvent> lifecycles(int miniPrograms) {
        Histories h = new Histories();
        ActorId dev = new ActorId("key-dev");
        ActorId reviewer = new ActorId("key-reviewer");
        h.add(
                "ApiKey",
                new ApiKeyIssued(
                        new ApiKeyId("key-01jd0000000000000000000001"),
                        TenantId.DEFAULT,
                        "ci",
                        Set.of(Role.DEVELOPER),
                        "a".repeat(64),
                        ActorId.SYSTEM));
        HostAppId host = new HostAppId("ha-01jd0000000000000000000001");
        h.add("HostApp", new HostAppRegistered(host, TenantId.DEFAULT, "Shell", List.of(), 1));
        h.add("HostApp", new DomainAllowlistSet(host, List.of(AllowedDomain.parse("api.example.com"))));
        h.add("HostApp", new HostAppSecretRotated(host, 2, null));
        for (int i = 0; i < miniPrograms; i++) {
            MiniProgramId mp = new MiniProgramId(String.format("mp-01jd%022d", i));
            VersionNumber v = VersionNumber.of("1.0." + (i % 7));
            h.add(
                    "MiniProgram",
                    new MiniProgramCreated(
                            mp,
                            TenantId.DEFAULT,
                            MiniProgramDetails.of("Program " + i, "d", "tools", List.of("t" + (i % 3))),
                            dev));
            h.add(
                    "MiniProgram",
                    new VersionUploaded(
                            mp,
                            v,
                            "notes",
                            "d".repeat(64),
                            1000 + i,
                            List.of(new PackageFile("app.js", 10, "f".repeat(64))),
                            dev));
            h.add("MiniProgram", new VersionSubmittedForReview(mp, v, dev));
            h.add(
                    "MiniProgram",
                    new VersionApproved(
                            mp,
                            v,
                            reviewer,
                            new SealedPackage("s".repeat(64), 2000, "m".repeat(64), "kid", "wrapped", "sig")));
            h.add("MiniProgram", new VersionReleased(mp, v, null, null));
            h.add(
                    "MiniProgram",
                    new MiniProgramDetailsUpdated(
                            mp, MiniProgramDetails.of("Program " + i + "!", "d2", "tools", List.of())));
            if (i % 5 == 0) {
                h.add(
                        "MiniProgram",
                        new MiniProgramIconChanged(
                                mp, MiniProgramIcon.of(String.format("%064x", i), "image/png", 4096, 144, 144), dev));
            }
            if (i % 15 == 0) {
                h.add("MiniProgram", new MiniProgramIconRemoved(mp, dev));
            }
            if (i % 10 == 0) {
                h.add(
                        "MiniProgram",
                        new GrayReleaseStarted(
                                mp,
                                new GrayReleaseId(String.format("gr-01jd%022d", i)),
                                v,
                                GrayRuleSet.of(List.of(), List.of("u-" + i))));
                h.add("HostApp", new MiniProgramAssociated(host, mp));
                h.add(
                        "HostApp",
                        new GrantsSet(
                                host,
                                mp,
                                List.of(BuiltinApiGroup.UI),
                                List.of(),
                                List.of(),
                                List.of("scope.userInfo")));
            }
        }
        return List.copyOf(h.events);
    }

    /**
     * Two host apps: the first registered, given domains and rotated twice (positions 1-4; the second
     * rotation gives the previous secret a grace until {@link #GRACE_UNTIL}), the second registered after
     * (position 5).
     */
    public static final Instant GRACE_UNTIL = Instant.parse("2026-12-02T09:00:00.123456Z");

    public static List<StoredEvent> secretRotations(HostAppId rotated, HostAppId untouched) {
        Histories h = new Histories();
        h.add("HostApp", new HostAppRegistered(rotated, TenantId.DEFAULT, "Rotated", List.of(), 1));
        h.add("HostApp", new DomainAllowlistSet(rotated, List.of(AllowedDomain.parse("api.example.com"))));
        h.add("HostApp", new HostAppSecretRotated(rotated, 2, null));
        h.add("HostApp", new HostAppSecretRotated(rotated, 3, GRACE_UNTIL));
        h.add("HostApp", new HostAppRegistered(untouched, TenantId.DEFAULT, "Untouched", List.of(), 1));
        return List.copyOf(h.events);
    }

    private void add(String type, AtriumEvent event) {
        long position = events.size() + 1;
        long sequence = sequences.merge(event.aggregateId(), 1L, Long::sum) - 1;
        Instant at = start.plus(position, ChronoUnit.MILLIS);
        events.add(new StoredEvent(
                position,
                new FeedPosition(position, new TreeSet<>()),
                UUID.nameUUIDFromBytes(Long.toString(position).getBytes()).toString(),
                event.aggregateId(),
                type,
                sequence,
                at,
                event,
                new EventMetadata(
                        TenantId.DEFAULT,
                        new ActorId("key-dev"),
                        "10.0.0.1",
                        "corr-" + position,
                        "cause-" + position,
                        "Command",
                        at)));
    }
}

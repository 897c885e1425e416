package io.atrium.command.eventstore.golden;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.command.eventstore.EventStoreDatabase;
import io.atrium.events.ActorId;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventMetadata;
import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.events.apikey.Role;
import io.atrium.events.gray.GrayRuleSet;
import io.atrium.events.gray.Rule;
import io.atrium.events.gray.RuleGroup;
import io.atrium.events.hostapp.AllowedDomain;
import io.atrium.events.hostapp.BuiltinApiGroup;
import io.atrium.events.hostapp.BundleId;
import io.atrium.events.hostapp.BundleIdsBound;
import io.atrium.events.hostapp.CustomApiDefined;
import io.atrium.events.hostapp.DomainAllowlistSet;
import io.atrium.events.hostapp.GrantsSet;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.hostapp.HostAppRegistered;
import io.atrium.events.hostapp.HostAppSecretRotated;
import io.atrium.events.hostapp.MenuItemDefined;
import io.atrium.events.hostapp.MiniProgramAssociated;
import io.atrium.events.hostapp.MiniProgramDissociated;
import io.atrium.events.member.FailedLoginsCleared;
import io.atrium.events.member.LoginAttemptsId;
import io.atrium.events.member.LoginFailed;
import io.atrium.events.member.LoginLockedOut;
import io.atrium.events.member.LoginPolicyEvent;
import io.atrium.events.member.LoginPolicySet;
import io.atrium.events.member.MemberDisabled;
import io.atrium.events.member.MemberId;
import io.atrium.events.member.MemberInvited;
import io.atrium.events.member.MemberLoggedIn;
import io.atrium.events.member.MemberLoggedOut;
import io.atrium.events.member.MemberPasswordSet;
import io.atrium.events.member.MemberRemoved;
import io.atrium.events.member.MemberTokenRefreshed;
import io.atrium.events.member.MemberUpdated;
import io.atrium.events.member.RecoveryCodeUsed;
import io.atrium.events.member.RefreshTokenReuseDetected;
import io.atrium.events.member.SecondFactorEnrolled;
import io.atrium.events.member.SecondFactorRemoved;
import io.atrium.events.miniprogram.GrayReleaseCancelled;
import io.atrium.events.miniprogram.GrayReleaseId;
import io.atrium.events.miniprogram.GrayReleasePromoted;
import io.atrium.events.miniprogram.GrayReleaseStarted;
import io.atrium.events.miniprogram.GrayRulesChanged;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDelisted;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramDetailsUpdated;
import io.atrium.events.miniprogram.MiniProgramIcon;
import io.atrium.events.miniprogram.MiniProgramIconChanged;
import io.atrium.events.miniprogram.MiniProgramIconRemoved;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.MiniProgramRelisted;
import io.atrium.events.miniprogram.PackageFile;
import io.atrium.events.miniprogram.ReleaseRolledBack;
import io.atrium.events.miniprogram.SealedPackage;
import io.atrium.events.miniprogram.VersionApproved;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.events.miniprogram.VersionRejected;
import io.atrium.events.miniprogram.VersionReleased;
import io.atrium.events.miniprogram.VersionSubmittedForReview;
import io.atrium.events.miniprogram.VersionUploaded;
import io.atrium.events.projection.ProjectionEventSkipped;
import io.atrium.events.role.RoleChanged;
import io.atrium.events.role.RoleDefined;
import io.atrium.events.role.RoleDeleted;
import io.atrium.events.role.RoleId;
import io.atrium.events.role.RoleName;
import io.atrium.events.security.RequestRefused;
import io.atrium.events.security.SecurityRecordId;
import io.atrium.events.security.SensitiveDataRead;
import io.atrium.events.tenant.TenantCreated;
import io.atrium.events.tenant.TenantDeleted;
import io.atrium.events.tenant.TenantEvent;
import io.atrium.events.tenant.TenantResumed;
import io.atrium.events.tenant.TenantSuspended;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Writes the golden corpus's files that do not exist yet, by appending events through the event
 * store's real serializer into a scratch H2 store and copying its rows out. Committed files are never
 * rewritten: they are the history the code must go on reading.
 * <p>
 * Run when an event type or a revision is added (the corpus test fails until then):
 * {@code mvn -pl command-side -am verify -Dtest=GoldenCorpusWriter -Dgolden.write=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * A new type or revision gets a new entry in {@link #entries()}, with a new file name.
 */
@EnabledIfSystemProperty(named = "golden.write", matches = "true")
class GoldenCorpusWriter {

    static final TenantId TENANT = TenantId.DEFAULT;
    static final ActorId DEV = new ActorId("key-01jd00000000000000000000dv");
    static final ActorId REVIEWER = new ActorId("key-01jd00000000000000000000rv");
    static final ActorId OPS = new ActorId("key-01jd00000000000000000000op");

    @TempDir
    Path scratch;

    /** Every file of the corpus, oldest first, with what writes it. */
    private Map<String, Supplier<List<GoldenCorpus.Row>>> entries() {
        Map<String, Supplier<List<GoldenCorpus.Row>>> entries = new LinkedHashMap<>();
        // As the store held events before they had stable names: class names, no revision, and details
        // that today's limit (MiniProgramDetails.MAX_TAGS) would refuse.
        entries.put(
                "01-legacy-class-names.json",
                () -> store(
                        "legacy",
                        JacksonSerializer.builder()
                                .objectMapper(AxonEventStore.eventMapper())
                                .build(),
                        legacyHistory()));
        entries.put(
                "02-every-event-revision-1.json", () -> store("rev1", AxonEventStore.eventSerializer(), everyEvent()));
        // VersionUploaded revision 2: packageSize became packageBytes.
        entries.put(
                "03-version-uploaded-revision-2.json",
                () -> store("rev2", AxonEventStore.eventSerializer(), versionUploadedRevision2()));
        entries.put(
                "04-projection-event-skipped.json",
                () -> store("skip", AxonEventStore.eventSerializer(), projectionEventSkipped()));
        entries.put(
                "05-host-app-secret-rotated.json",
                () -> store("rotate", AxonEventStore.eventSerializer(), hostAppSecretRotated()));
        // HostAppSecretRotated gained previousSecretValidUntil (optional: the rows of 05 have none and mean no grace).
        entries.put(
                "09-host-app-secret-rotated-with-grace.json",
                () -> store("grace", AxonEventStore.eventSerializer(), hostAppSecretRotatedWithGrace()));
        entries.put(
                "09-security-records.json",
                () -> store("security", AxonEventStore.eventSerializer(), securityRecords()));
        entries.put("07-custom-roles.json", () -> store("roles", AxonEventStore.eventSerializer(), customRoles()));
        entries.put(
                "08-tenant-lifecycle.json", () -> store("tenant", AxonEventStore.eventSerializer(), tenantLifecycle()));
        entries.put(
                "06-members-and-logins.json",
                () -> store("members", AxonEventStore.eventSerializer(), membersAndLogins()));
        entries.put(
                "10-mini-program-icon.json", () -> store("icon", AxonEventStore.eventSerializer(), miniProgramIcon()));
        return entries;
    }

    /** A mini-program given an icon, a new one, then none. */
    static List<DomainEventMessage<?>> miniProgramIcon() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        MiniProgramId mp = new MiniProgramId("mp-01jd000000000000000000icon");
        new Stream("MiniProgram", mp.value(), out)
                .add(
                        new MiniProgramCreated(
                                mp, TENANT, MiniProgramDetails.of("Icons", "Has an icon", "tools", List.of()), DEV),
                        DEV,
                        "CreateMiniProgram")
                .add(
                        new MiniProgramIconChanged(
                                mp, new MiniProgramIcon("1".repeat(64), "image/png", 5120, 144, 144), DEV),
                        DEV,
                        "SetMiniProgramIcon")
                .add(
                        new MiniProgramIconChanged(
                                mp, new MiniProgramIcon("2".repeat(64), "image/jpeg", 20480, 256, 256), DEV),
                        DEV,
                        "SetMiniProgramIcon")
                .add(new MiniProgramIconRemoved(mp, DEV), DEV, "RemoveMiniProgramIcon");
        return out;
    }

    @Test
    void writeMissingFiles() throws Exception {
        Path dir = GoldenCorpus.directory();
        for (Map.Entry<String, Supplier<List<GoldenCorpus.Row>>> entry :
                entries().entrySet()) {
            Path file = dir.resolve(entry.getKey());
            if (!Files.exists(file)) {
                GoldenCorpus.write(file, entry.getValue().get());
            }
        }
    }

    private List<GoldenCorpus.Row> store(String name, Serializer serializer, List<DomainEventMessage<?>> events) {
        try (HikariDataSource data = EventStoreDatabase.open(
                "jdbc:h2:file:" + scratch.resolve(name) + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 2)) {
            SpringTransactionManager transactions =
                    new SpringTransactionManager(new DataSourceTransactionManager(data));
            AxonEventStore.engine(data, transactions, serializer, AxonEventStore.stateSerializer())
                    .appendEvents(events);
            return GoldenCorpus.dump(new JdbcTemplate(data));
        }
    }

    /** Events of one aggregate, numbered from 0, each with the metadata a command would have given it. */
    private static final class Stream {
        final String type;
        final String id;
        final List<DomainEventMessage<?>> out;

        Stream(String type, String id, List<DomainEventMessage<?>> out) {
            this.type = type;
            this.id = id;
            this.out = out;
        }

        Stream add(AtriumEvent event, ActorId actor, String command) {
            long sequence = out.stream()
                    .filter(m -> m.getAggregateIdentifier().equals(id))
                    .count();
            EventMetadata meta = new EventMetadata(
                    TENANT,
                    actor,
                    "127.0.0.1",
                    "req-" + id + "-" + sequence,
                    "cmd-" + id + "-" + sequence,
                    command,
                    Instant.now());
            out.add(new GenericDomainEventMessage<>(type, id, sequence, event, MetaData.from(meta.toMap())));
            return this;
        }
    }

    static List<DomainEventMessage<?>> legacyHistory() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        MiniProgramId mp = new MiniProgramId("mp-01jd000000000000000000legc");
        List<String> tags = IntStream.rangeClosed(1, MiniProgramDetails.MAX_TAGS + 2)
                .mapToObj(i -> "tag " + i)
                .toList();
        new Stream("MiniProgram", mp.value(), out)
                .add(
                        new MiniProgramCreated(
                                mp,
                                TENANT,
                                new MiniProgramDetails("Legacy Weather", "Written before stable names", "tools", tags),
                                DEV),
                        DEV,
                        "CreateMiniProgram")
                .add(uploaded(mp, "1.0.0"), DEV, "UploadVersion")
                .add(new VersionSubmittedForReview(mp, VersionNumber.of("1.0.0"), DEV), DEV, "SubmitForReview");
        return out;
    }

    static VersionUploaded uploaded(MiniProgramId mp, String version) {
        return new VersionUploaded(
                mp,
                VersionNumber.of(version),
                "notes for " + version,
                "d".repeat(64),
                2048,
                List.of(
                        new PackageFile("app.json", 120, "a".repeat(64)),
                        new PackageFile("pages/index/index.js", 1928, "b".repeat(64))),
                DEV);
    }

    static SealedPackage sealed(String version) {
        return new SealedPackage(
                "5".repeat(64), 4096, "6".repeat(64), "platform-key-1", "d3JhcHBlZA==", "c2lnbmF0dXJl");
    }

    static List<DomainEventMessage<?>> projectionEventSkipped() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        ProjectionEventSkipped skipped = new ProjectionEventSkipped(
                "catalogue",
                41,
                "atrium.miniprogram.Teleported",
                "no event type is named atrium.miniprogram.Teleported",
                "written by a test build",
                OPS);
        new Stream("Projection", skipped.aggregateId(), out).add(skipped, OPS, "SkipPoisonEvent");
        return out;
    }

    /** A tenant created, suspended, resumed and deleted by a platform operator, with the first owner key it got. */
    static List<DomainEventMessage<?>> tenantLifecycle() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        TenantId acme = TenantId.parse("acme");
        new Stream("Tenant", TenantEvent.streamId(acme), out)
                .add(new TenantCreated(acme, "ACME Corporation", OPS), OPS, "CreateTenant")
                .add(new TenantSuspended(acme, "invoice overdue", OPS), OPS, "SuspendTenant")
                .add(new TenantResumed(acme, OPS), OPS, "ResumeTenant")
                .add(new TenantDeleted(acme, "contract ended", OPS), OPS, "DeleteTenant");
        return out;
    }

    /** A custom role defined, changed and deleted, and a key holding a custom role beside a built-in one. */
    static List<DomainEventMessage<?>> customRoles() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        RoleId role = new RoleId("role-01jd0000000000000000role1");
        RoleName name = new RoleName("release-manager");
        new Stream("TenantRole", role.value(), out)
                .add(
                        new RoleDefined(
                                role,
                                TENANT,
                                name,
                                "Releases and rolls back",
                                Set.of(Permission.OPERATE, Permission.READ),
                                OPS),
                        OPS,
                        "DefineRole")
                .add(
                        new RoleChanged(
                                role,
                                TENANT,
                                name,
                                "Releases, rolls back and reviews",
                                Set.of(Permission.OPERATE, Permission.REVIEW, Permission.READ),
                                OPS),
                        OPS,
                        "ChangeRole")
                .add(new RoleDeleted(role, TENANT, name, OPS), OPS, "DeleteRole");
        ApiKeyId key = new ApiKeyId("key-01jd00000000000000000role");
        new Stream("ApiKey", key.value(), out)
                .add(
                        new ApiKeyIssued(
                                key,
                                TENANT,
                                "release bot",
                                Set.of(Role.AUDITOR),
                                "c".repeat(64),
                                OPS,
                                Set.of(name.value())),
                        OPS,
                        "IssueApiKey");
        return out;
    }

    /** A host app whose leaked secret was rotated twice. */
    static List<DomainEventMessage<?>> hostAppSecretRotated() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        HostAppId host = new HostAppId("ha-01jd000000000000000000rot1");
        new Stream("HostApp", host.value(), out)
                .add(
                        new HostAppRegistered(host, TENANT, "Shell", List.of(BundleId.parse("com.example.shell")), 1),
                        OPS,
                        "RegisterHostApp")
                .add(new HostAppSecretRotated(host, 2, null), OPS, "RotateHostAppSecret")
                .add(new HostAppSecretRotated(host, 3, null), OPS, "RotateHostAppSecret");
        return out;
    }

    /** A host app rotated with a day's grace, then again at once (which ended that grace), then with none. */
    static List<DomainEventMessage<?>> hostAppSecretRotatedWithGrace() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        HostAppId host = new HostAppId("ha-01jd000000000000000000grc1");
        new Stream("HostApp", host.value(), out)
                .add(
                        new HostAppRegistered(host, TENANT, "Wallet", List.of(BundleId.parse("com.example.wallet")), 1),
                        OPS,
                        "RegisterHostApp")
                .add(
                        new HostAppSecretRotated(host, 2, Instant.parse("2026-12-02T09:00:00Z")),
                        OPS,
                        "RotateHostAppSecret")
                .add(
                        new HostAppSecretRotated(host, 3, Instant.parse("2026-12-03T10:30:00.123456Z")),
                        OPS,
                        "RotateHostAppSecret")
                .add(new HostAppSecretRotated(host, 4, null), OPS, "RotateHostAppSecret");
        return out;
    }

    /** The security log: a refusal of nobody, a coalesced one, a refused key, and a read of the operation log. */
    static List<DomainEventMessage<?>> securityRecords() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        ActorId anonymous = new ActorId("anonymous");
        SecurityRecordId first = new SecurityRecordId("sr-01jd000000000000000000sec1");
        SecurityRecordId coalesced = new SecurityRecordId("sr-01jd000000000000000000sec2");
        SecurityRecordId forbidden = new SecurityRecordId("sr-01jd000000000000000000sec3");
        SecurityRecordId read = new SecurityRecordId("sr-01jd000000000000000000sec4");
        String unauthenticated = "https://atrium.dev/problems/unauthenticated";
        new Stream("SecurityRecord", first.value(), out)
                .add(
                        new RequestRefused(first, "GET", "/api/v1/mini-programs", 401, unauthenticated, null, 0),
                        anonymous,
                        "RecordRefusal");
        new Stream("SecurityRecord", coalesced.value(), out)
                .add(
                        new RequestRefused(coalesced, "GET", "/api/v1/mini-programs", 401, unauthenticated, null, 41),
                        anonymous,
                        "RecordRefusal");
        new Stream("SecurityRecord", forbidden.value(), out)
                .add(
                        new RequestRefused(
                                forbidden,
                                "POST",
                                "/api/v1/host-apps",
                                403,
                                "https://atrium.dev/problems/forbidden",
                                DEV.value(),
                                0),
                        DEV,
                        "RecordRefusal");
        new Stream("SecurityRecord", read.value(), out)
                .add(
                        new SensitiveDataRead(
                                read,
                                "GET",
                                "/api/v1/audit/events",
                                "type=atrium.security.RequestRefused",
                                OPS.value()),
                        OPS,
                        "RecordSensitiveRead");
        return out;
    }

    /**
     * Members, the login attempts against an address (a member's and an unknown one) and a tenant's
     * login policy: every event of the three families at revision 1.
     */
    static List<DomainEventMessage<?>> membersAndLogins() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        ActorId admin = new ActorId("key-01jd00000000000000000admn");
        Instant at = Instant.parse("2026-12-01T09:00:00Z");
        MemberId ada = new MemberId("mem-01jd000000000000000000ada1");
        ActorId self = ada.asActor();
        new Stream("Member", ada.value(), out)
                .add(
                        new MemberInvited(
                                ada,
                                TENANT,
                                "ada@example.com",
                                "Ada",
                                List.of("developer"),
                                "1".repeat(64),
                                at.plusSeconds(259_200),
                                admin),
                        admin,
                        "InviteMember")
                .add(
                        new MemberPasswordSet(ada, MemberPasswordSet.INVITATION_ACCEPTED, "m=19456,t=2,p=1", at),
                        self,
                        "AcceptInvitation")
                .add(new MemberUpdated(ada, "Ada L", List.of("developer", "reviewer"), admin), admin, "UpdateMember")
                .add(
                        new MemberLoggedIn(
                                ada,
                                "ses-01jd000000000000000000ses1",
                                "a".repeat(64),
                                at.plusSeconds(600),
                                "b".repeat(64),
                                at.plusSeconds(28_800),
                                null),
                        self,
                        "StartSession")
                .add(
                        new MemberTokenRefreshed(
                                ada,
                                "ses-01jd000000000000000000ses1",
                                "c".repeat(64),
                                at.plusSeconds(1200),
                                "d".repeat(64),
                                at.plusSeconds(29_400)),
                        self,
                        "RefreshSession")
                .add(new RefreshTokenReuseDetected(ada, "ses-01jd000000000000000000ses1"), self, "RefreshSession")
                .add(new SecondFactorEnrolled(ada, 10), self, "ConfirmSecondFactor")
                .add(new RecoveryCodeUsed(ada, 9), self, "StartSession")
                .add(
                        new MemberLoggedIn(
                                ada,
                                "ses-01jd000000000000000000ses2",
                                "e".repeat(64),
                                at.plusSeconds(3600),
                                "f".repeat(64),
                                at.plusSeconds(32_400),
                                "recovery-code"),
                        self,
                        "StartSession")
                .add(new MemberLoggedOut(ada, "ses-01jd000000000000000000ses2"), self, "EndSession")
                .add(
                        new MemberPasswordSet(ada, MemberPasswordSet.EXPIRED_CHANGE, "m=19456,t=2,p=1", at),
                        self,
                        "ChangePassword")
                .add(new SecondFactorRemoved(ada, self), self, "RemoveSecondFactor")
                .add(new MemberDisabled(ada, admin), admin, "DisableMember");
        MemberId bob = new MemberId("mem-01jd000000000000000000bob1");
        new Stream("Member", bob.value(), out)
                .add(
                        new MemberInvited(
                                bob,
                                TENANT,
                                "bob@example.com",
                                "Bob",
                                List.of("auditor"),
                                "2".repeat(64),
                                at.plusSeconds(259_200),
                                admin),
                        admin,
                        "InviteMember")
                .add(new MemberRemoved(bob, admin), admin, "RemoveMember");
        LoginAttemptsId attempts = LoginAttemptsId.of(TENANT, "ada@example.com");
        new Stream("LoginAttempts", attempts.value(), out)
                .add(
                        new LoginFailed(attempts, TENANT, "ada@example.com", ada, "bad-credentials", 1),
                        self,
                        "RecordLoginAttempt")
                .add(
                        new LoginFailed(attempts, TENANT, "ada@example.com", ada, "bad-credentials", 2),
                        self,
                        "RecordLoginAttempt")
                .add(
                        new LoginLockedOut(attempts, TENANT, "ada@example.com", at.plusSeconds(900), 2),
                        self,
                        "RecordLoginAttempt")
                .add(new LoginFailed(attempts, TENANT, "ada@example.com", ada, "locked", 0), self, "RecordLoginAttempt")
                .add(new FailedLoginsCleared(attempts, ada), self, "RecordLoginAttempt");
        LoginAttemptsId nobody = LoginAttemptsId.of(TENANT, "nobody@example.com");
        new Stream("LoginAttempts", nobody.value(), out)
                .add(
                        new LoginFailed(nobody, TENANT, "nobody@example.com", null, "unknown-account", 1),
                        new ActorId("anonymous"),
                        "RecordLoginAttempt");
        String policy = LoginPolicyEvent.idOf(TENANT);
        new Stream("TenantLoginPolicy", policy, out)
                .add(
                        new LoginPolicySet(policy, TENANT, 14, List.of("digit", "upper"), true, 90, 5, 15, admin),
                        admin,
                        "SetLoginPolicy");
        return out;
    }

    static List<DomainEventMessage<?>> versionUploadedRevision2() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        MiniProgramId mp = new MiniProgramId("mp-01jd000000000000000000rev2");
        new Stream("MiniProgram", mp.value(), out)
                .add(
                        new MiniProgramCreated(mp, TENANT, MiniProgramDetails.of("Notes", "", "tools", List.of()), DEV),
                        DEV,
                        "CreateMiniProgram")
                .add(uploaded(mp, "2.0.0"), DEV, "UploadVersion");
        return out;
    }

    /** One history per aggregate that holds every event type at revision 1. */
    static List<DomainEventMessage<?>> everyEvent() {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        MiniProgramId mp = new MiniProgramId("mp-01jd000000000000000000rev1");
        VersionNumber v1 = VersionNumber.parse("1.0.0");
        VersionNumber v11 = VersionNumber.parse("1.1.0");
        VersionNumber v12 = VersionNumber.parse("1.2.0");
        GrayReleaseId gray1 = new GrayReleaseId("gr-01jd000000000000000000gry1");
        GrayReleaseId gray2 = new GrayReleaseId("gr-01jd000000000000000000gry2");
        GrayRuleSet rules = GrayRuleSet.of(
                List.of(
                        RuleGroup.of(List.of(Rule.of("deviceType", "eq", "ios"), Rule.of("osVersion", "gte", "17.2"))),
                        RuleGroup.of(List.of(Rule.of("userId", "percentage", 12.5))),
                        RuleGroup.of(List.of(
                                Rule.of("tags.beta", "is", true),
                                Rule.of("region", "in", List.of("eu-west", "eu-north"))))),
                List.of("user-1", "user-2"));
        GrayRuleSet narrower =
                GrayRuleSet.of(List.of(RuleGroup.of(List.of(Rule.of("userId", "matches", "^staff-")))), List.of());
        new Stream("MiniProgram", mp.value(), out)
                .add(
                        new MiniProgramCreated(
                                mp,
                                TENANT,
                                MiniProgramDetails.of("Weather", "Forecasts", "tools", List.of("weather")),
                                DEV),
                        DEV,
                        "CreateMiniProgram")
                .add(
                        new MiniProgramDetailsUpdated(
                                mp,
                                MiniProgramDetails.of(
                                        "Weather Pro", "Forecasts, hourly", "tools", List.of("weather", "rain"))),
                        DEV,
                        "UpdateMiniProgramDetails")
                .add(uploaded(mp, "1.0.0"), DEV, "UploadVersion")
                .add(new VersionSubmittedForReview(mp, v1, DEV), DEV, "SubmitForReview")
                .add(new VersionApproved(mp, v1, REVIEWER, sealed("1.0.0")), REVIEWER, "ApproveVersion")
                .add(new VersionReleased(mp, v1, null, null), OPS, "ReleaseVersion")
                .add(uploaded(mp, "1.1.0"), DEV, "UploadVersion")
                .add(new VersionSubmittedForReview(mp, v11, DEV), DEV, "SubmitForReview")
                .add(new VersionRejected(mp, v11, "crashes on start", REVIEWER), REVIEWER, "RejectVersion")
                .add(uploaded(mp, "1.2.0"), DEV, "UploadVersion")
                .add(new VersionSubmittedForReview(mp, v12, DEV), DEV, "SubmitForReview")
                .add(new VersionApproved(mp, v12, REVIEWER, sealed("1.2.0")), REVIEWER, "ApproveVersion")
                .add(new GrayReleaseStarted(mp, gray1, v12, rules), OPS, "StartGrayRelease")
                .add(new GrayRulesChanged(mp, gray1, v12, narrower), OPS, "ChangeGrayRules")
                .add(new GrayReleasePromoted(mp, gray1, v12), OPS, "PromoteGrayRelease")
                .add(new VersionReleased(mp, v12, v1, gray1), OPS, "PromoteGrayRelease")
                .add(new ReleaseRolledBack(mp, v12, v1, "error rate up"), OPS, "RollBackRelease")
                .add(new GrayReleaseStarted(mp, gray2, v12, narrower), OPS, "StartGrayRelease")
                .add(new GrayReleaseCancelled(mp, gray2, v12, "not needed"), OPS, "CancelGrayRelease")
                .add(new MiniProgramDelisted(mp, "complaint under review", true), OPS, "DelistMiniProgram")
                .add(new MiniProgramRelisted(mp), OPS, "RelistMiniProgram");
        HostAppId host = new HostAppId("ha-01jd000000000000000000rev1");
        new Stream("HostApp", host.value(), out)
                .add(
                        new HostAppRegistered(host, TENANT, "Shell", List.of(BundleId.parse("com.example.shell")), 1),
                        OPS,
                        "RegisterHostApp")
                .add(
                        new BundleIdsBound(
                                host,
                                List.of(
                                        BundleId.parse("com.example.shell"),
                                        BundleId.parse("com.example.shell.android"))),
                        OPS,
                        "BindBundleIds")
                .add(
                        new DomainAllowlistSet(
                                host,
                                List.of(
                                        AllowedDomain.parse("api.example.com"),
                                        AllowedDomain.parse("*.cdn.example.com"))),
                        OPS,
                        "SetDomainAllowlist")
                .add(new MiniProgramAssociated(host, mp), OPS, "AssociateMiniProgram")
                .add(new CustomApiDefined(host, "getWallet", "the user's wallet balance"), OPS, "DefineCustomApi")
                .add(new MenuItemDefined(host, "share", "Share"), OPS, "DefineMenuItem")
                .add(
                        new GrantsSet(
                                host,
                                mp,
                                List.of(BuiltinApiGroup.UI, BuiltinApiGroup.NETWORK),
                                List.of("getWallet"),
                                List.of("share"),
                                List.of("scope.userInfo")),
                        OPS,
                        "SetGrants")
                .add(new MiniProgramDissociated(host, mp), OPS, "DissociateMiniProgram");
        ApiKeyId key = new ApiKeyId("key-01jd000000000000000000rev1");
        new Stream("ApiKey", key.value(), out)
                .add(
                        new ApiKeyIssued(key, TENANT, "ci reviewer", Set.of(Role.REVIEWER), "e".repeat(64), OPS),
                        OPS,
                        "IssueApiKey")
                .add(new ApiKeyRevoked(key, OPS), OPS, "RevokeApiKey");
        return out;
    }
}

package io.atrium.command.miniprogram;

import static io.atrium.command.Violations.invalid;
import static io.atrium.command.Violations.violates;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.command.miniprogram.MiniProgramCommands.ApproveVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.CancelGrayRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.ChangeGrayRules;
import io.atrium.command.miniprogram.MiniProgramCommands.CreateMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.DelistMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.PromoteGrayRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.RejectVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.ReleaseVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.RelistMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.RemoveMiniProgramIcon;
import io.atrium.command.miniprogram.MiniProgramCommands.RollBackRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.SetMiniProgramIcon;
import io.atrium.command.miniprogram.MiniProgramCommands.StartGrayRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.SubmitForReview;
import io.atrium.command.miniprogram.MiniProgramCommands.UpdateMiniProgramDetails;
import io.atrium.command.miniprogram.MiniProgramCommands.UploadVersion;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.events.ActorId;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.events.gray.GrayRuleSet;
import io.atrium.events.gray.Rule;
import io.atrium.events.gray.RuleGroup;
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
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MiniProgramTest {

    static final MiniProgramId MP = new MiniProgramId("mp-01jd0000000000000000000000");
    static final TenantId TENANT = TenantId.DEFAULT;
    static final TenantId OTHER = new TenantId("other");
    static final ActorId DEV = new ActorId("key-dev");
    static final ActorId REVIEWER = new ActorId("key-reviewer");
    static final ActorId OPS = new ActorId("key-ops");
    static final VersionNumber V1 = VersionNumber.of("1.0.0");
    static final VersionNumber V2 = VersionNumber.of("1.1.0");
    static final MiniProgramDetails DETAILS =
            MiniProgramDetails.of("Weather", "Forecasts", "tools", List.of("weather"));
    static final GrayRuleSet RULES =
            GrayRuleSet.of(List.of(RuleGroup.of(List.of(Rule.of("userId", "percentage", 10)))), List.of());
    static final GrayReleaseId GRAY = new GrayReleaseId("gr-01jd0000000000000000000000");

    private FixtureConfiguration<MiniProgram> fixture;
    private final List<String> sealed = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MiniProgram.class);
        fixture.registerInjectableResource((PackageSealing) (id, version, digest) -> {
            sealed.add(id + "@" + version + ":" + digest);
            return new SealedPackage("s".repeat(64), 10, "m".repeat(64), "kid", "wrapped", "sig");
        });
    }

    static MiniProgramCreated created() {
        return new MiniProgramCreated(MP, TENANT, DETAILS, DEV);
    }

    static VersionUploaded uploaded(VersionNumber v) {
        return new VersionUploaded(
                MP, v, "", "d".repeat(64), 100, List.of(new PackageFile("app.js", 3, "a".repeat(64))), DEV);
    }

    static SealedPackage sealedPackage() {
        return new SealedPackage("s".repeat(64), 10, "m".repeat(64), "kid", "wrapped", "sig");
    }

    static List<Object> approved(VersionNumber v) {
        return List.of(
                uploaded(v),
                new VersionSubmittedForReview(MP, v, DEV),
                new VersionApproved(MP, v, REVIEWER, sealedPackage()));
    }

    static List<Object> history(Object... parts) {
        List<Object> events = new ArrayList<>();
        events.add(created());
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                events.addAll(list);
            } else {
                events.add(part);
            }
        }
        return events;
    }

    @Nested
    class Creation {
        @Test
        void createsAMiniProgramOwnedByItsDeveloper() {
            fixture.givenNoPriorActivity()
                    .when(new CreateMiniProgram(MP, TENANT, DEV, DETAILS))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(created());
        }

        @Test
        void updatesOnlyTheDetailsGiven() {
            fixture.given(created())
                    .when(new UpdateMiniProgramDetails(MP, TENANT, DEV, "Weather Pro", null, null, null))
                    .expectEvents(new MiniProgramDetailsUpdated(
                            MP, MiniProgramDetails.of("Weather Pro", "Forecasts", "tools", List.of("weather"))));
        }

        @Test
        void refusesInvalidDetails() {
            fixture.given(created())
                    .when(new UpdateMiniProgramDetails(MP, TENANT, DEV, null, null, "Not A Category", null))
                    .expectException(invalid("category"))
                    .expectNoEvents();
        }

        @Test
        void treatsAnotherTenantsMiniProgramAsUnknown() {
            fixture.given(created())
                    .when(new UpdateMiniProgramDetails(MP, OTHER, DEV, "x", null, null, null))
                    .expectException(UnknownResourceException.class)
                    .expectNoEvents();
        }

        @Test
        void refusesDetailChangesWhileTheDeveloperIsFrozen() {
            fixture.given(created(), new MiniProgramDelisted(MP, "fraud", true))
                    .when(new UpdateMiniProgramDetails(MP, TENANT, DEV, "x", null, null, null))
                    .expectException(violates(Invariant.DEVELOPER_FROZEN));
        }
    }

    @Nested
    class Icon {
        final MiniProgramIcon icon = MiniProgramIcon.of("c".repeat(64), "image/png", 4096, 144, 144);

        @Test
        void setsTheIcon() {
            fixture.given(created())
                    .when(new SetMiniProgramIcon(MP, TENANT, DEV, icon))
                    .expectEvents(new MiniProgramIconChanged(MP, icon, DEV));
        }

        @Test
        void removesTheIconItHas() {
            fixture.given(created(), new MiniProgramIconChanged(MP, icon, DEV))
                    .when(new RemoveMiniProgramIcon(MP, TENANT, DEV))
                    .expectEvents(new MiniProgramIconRemoved(MP, DEV));
        }

        @Test
        void refusesToRemoveAnIconItDoesNotHave() {
            fixture.given(created(), new MiniProgramIconChanged(MP, icon, DEV), new MiniProgramIconRemoved(MP, DEV))
                    .when(new RemoveMiniProgramIcon(MP, TENANT, DEV))
                    .expectException(violates(Invariant.NO_ICON))
                    .expectNoEvents();
        }

        @Test
        void refusesIconChangesWhileTheDeveloperIsFrozen() {
            fixture.given(created(), new MiniProgramDelisted(MP, "fraud", true))
                    .when(new SetMiniProgramIcon(MP, TENANT, DEV, icon))
                    .expectException(violates(Invariant.DEVELOPER_FROZEN))
                    .expectNoEvents();
        }

        @Test
        void treatsAnotherTenantsMiniProgramAsUnknown() {
            fixture.given(created(), new MiniProgramIconChanged(MP, icon, DEV))
                    .when(new RemoveMiniProgramIcon(MP, OTHER, DEV))
                    .expectException(UnknownResourceException.class)
                    .expectNoEvents();
        }

        @Test
        void anIconIsSquareAndOfAnIconsSize() {
            assertThatThrownBy(() -> MiniProgramIcon.of("c".repeat(64), "image/png", 4096, 144, 100))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("square");
            assertThatThrownBy(() -> MiniProgramIcon.of("c".repeat(64), "image/png", 4096, 32, 32))
                    .hasMessageContaining("64 to 1024");
            assertThatThrownBy(() -> MiniProgramIcon.of("c".repeat(64), "image/gif", 4096, 144, 144))
                    .hasMessageContaining("PNG or a JPEG");
            assertThatThrownBy(() -> MiniProgramIcon.of("c".repeat(64), "image/png", 300_000, 144, 144))
                    .hasMessageContaining("256 KiB");
        }
    }

    @Nested
    class Review {
        @Test
        void uploadsAVersion() {
            VersionUploaded event = uploaded(V1);
            fixture.given(created())
                    .when(new UploadVersion(MP, TENANT, DEV, V1, "", event.packageDigest(), 100, event.files()))
                    .expectEvents(event);
        }

        @Test
        void refusesADuplicateVersionNumber() {
            fixture.given(created(), uploaded(V1))
                    .when(new UploadVersion(MP, TENANT, DEV, V1, "", "e".repeat(64), 1, List.of()))
                    .expectException(violates(Invariant.VERSION_EXISTS))
                    .expectNoEvents();
        }

        @Test
        void refusesTheNumberOfARejectedVersionToo() {
            fixture.given(history(
                            uploaded(V1),
                            new VersionSubmittedForReview(MP, V1, DEV),
                            new VersionRejected(MP, V1, "bad", REVIEWER)))
                    .when(new UploadVersion(MP, TENANT, DEV, V1, "", "e".repeat(64), 1, List.of()))
                    .expectException(violates(Invariant.VERSION_EXISTS));
        }

        @Test
        void refusesUploadsWhileTheDeveloperIsFrozen() {
            fixture.given(created(), new MiniProgramDelisted(MP, "fraud", true))
                    .when(new UploadVersion(MP, TENANT, DEV, V1, "", "e".repeat(64), 1, List.of()))
                    .expectException(violates(Invariant.DEVELOPER_FROZEN));
        }

        @Test
        void allowsUploadsWhileDelistedWithoutFreeze() {
            fixture.given(created(), new MiniProgramDelisted(MP, "fix it", false))
                    .when(new UploadVersion(
                            MP,
                            TENANT,
                            DEV,
                            V1,
                            "",
                            "d".repeat(64),
                            100,
                            uploaded(V1).files()))
                    .expectEvents(uploaded(V1));
        }

        @Test
        void submitsAnUploadedVersion() {
            fixture.given(created(), uploaded(V1))
                    .when(new SubmitForReview(MP, TENANT, DEV, V1))
                    .expectEvents(new VersionSubmittedForReview(MP, V1, DEV));
        }

        @Test
        void refusesToSubmitAnUnknownVersion() {
            fixture.given(created())
                    .when(new SubmitForReview(MP, TENANT, DEV, V1))
                    .expectException(violates(Invariant.UNKNOWN_VERSION));
        }

        @Test
        void refusesToSubmitTwice() {
            fixture.given(created(), uploaded(V1), new VersionSubmittedForReview(MP, V1, DEV))
                    .when(new SubmitForReview(MP, TENANT, DEV, V1))
                    .expectException(violates(Invariant.NOT_UPLOADED));
        }

        @Test
        void refusesSubmissionWhileFrozen() {
            fixture.given(created(), uploaded(V1), new MiniProgramDelisted(MP, "fraud", true))
                    .when(new SubmitForReview(MP, TENANT, DEV, V1))
                    .expectException(violates(Invariant.DEVELOPER_FROZEN));
        }

        @Test
        void approvesAndSealsAVersionInReview() {
            fixture.given(created(), uploaded(V1), new VersionSubmittedForReview(MP, V1, DEV))
                    .when(new ApproveVersion(MP, TENANT, REVIEWER, V1))
                    .expectEvents(new VersionApproved(MP, V1, REVIEWER, sealedPackage()));
            org.assertj.core.api.Assertions.assertThat(sealed).containsExactly(MP + "@1.0.0:" + "d".repeat(64));
        }

        @Test
        void refusesApprovalByTheUploaderFourEyes() {
            fixture.given(created(), uploaded(V1), new VersionSubmittedForReview(MP, V1, DEV))
                    .when(new ApproveVersion(MP, TENANT, DEV, V1))
                    .expectException(violates(Invariant.FOUR_EYES))
                    .expectNoEvents();
            org.assertj.core.api.Assertions.assertThat(sealed)
                    .as("nothing sealed for a refused approval")
                    .isEmpty();
        }

        @Test
        void refusesApprovalOfAVersionNotInReview() {
            fixture.given(created(), uploaded(V1))
                    .when(new ApproveVersion(MP, TENANT, REVIEWER, V1))
                    .expectException(violates(Invariant.NOT_IN_REVIEW));
        }

        @Test
        void rejectsWithAReason() {
            fixture.given(created(), uploaded(V1), new VersionSubmittedForReview(MP, V1, DEV))
                    .when(new RejectVersion(MP, TENANT, REVIEWER, V1, "  crashes on launch "))
                    .expectEvents(new VersionRejected(MP, V1, "crashes on launch", REVIEWER));
        }

        @Test
        void refusesARejectionWithoutReason() {
            fixture.given(created(), uploaded(V1), new VersionSubmittedForReview(MP, V1, DEV))
                    .when(new RejectVersion(MP, TENANT, REVIEWER, V1, " "))
                    .expectException(invalid("reason"));
        }

        @Test
        void refusesARejectionOfAVersionNotInReview() {
            fixture.given(history(approved(V1)))
                    .when(new RejectVersion(MP, TENANT, REVIEWER, V1, "late"))
                    .expectException(violates(Invariant.NOT_IN_REVIEW));
        }

        @Test
        void refusesToResubmitARejectedVersion() {
            fixture.given(history(
                            uploaded(V1),
                            new VersionSubmittedForReview(MP, V1, DEV),
                            new VersionRejected(MP, V1, "bad", REVIEWER)))
                    .when(new SubmitForReview(MP, TENANT, DEV, V1))
                    .expectException(violates(Invariant.NOT_UPLOADED));
        }
    }

    @Nested
    class FullRelease {
        @Test
        void releasesAnApprovedVersion() {
            fixture.given(history(approved(V1)))
                    .when(new ReleaseVersion(MP, TENANT, OPS, V1))
                    .expectEvents(new VersionReleased(MP, V1, null, null));
        }

        @Test
        void recordsWhichReleaseANewOneReplaces() {
            fixture.given(history(approved(V1), new VersionReleased(MP, V1, null, null), approved(V2)))
                    .when(new ReleaseVersion(MP, TENANT, OPS, V2))
                    .expectEvents(new VersionReleased(MP, V2, V1, null));
        }

        @Test
        void refusesReleaseBeforeApproval() {
            fixture.given(created(), uploaded(V1), new VersionSubmittedForReview(MP, V1, DEV))
                    .when(new ReleaseVersion(MP, TENANT, OPS, V1))
                    .expectException(violates(Invariant.NOT_APPROVED))
                    .expectNoEvents();
        }

        @Test
        void refusesReleaseWhileDelisted() {
            fixture.given(history(approved(V1), new MiniProgramDelisted(MP, "policy", false)))
                    .when(new ReleaseVersion(MP, TENANT, OPS, V1))
                    .expectException(violates(Invariant.DELISTED));
        }

        @Test
        void refusesReleasingTheCurrentReleaseAgain() {
            fixture.given(history(approved(V1), new VersionReleased(MP, V1, null, null)))
                    .when(new ReleaseVersion(MP, TENANT, OPS, V1))
                    .expectException(violates(Invariant.ALREADY_RELEASED));
        }

        @Test
        void refusesAFullReleaseWhileAGrayReleaseIsActive() {
            fixture.given(history(approved(V1), approved(V2), new GrayReleaseStarted(MP, GRAY, V2, RULES)))
                    .when(new ReleaseVersion(MP, TENANT, OPS, V1))
                    .expectException(violates(Invariant.GRAY_RELEASE_ACTIVE));
        }

        @Test
        void refusesAnUnknownVersion() {
            fixture.given(created())
                    .when(new ReleaseVersion(MP, TENANT, OPS, V1))
                    .expectException(violates(Invariant.UNKNOWN_VERSION));
        }
    }

    @Nested
    class GrayRelease {
        @Test
        void startsAGrayRelease() {
            fixture.given(history(approved(V1), new VersionReleased(MP, V1, null, null), approved(V2)))
                    .when(new StartGrayRelease(MP, TENANT, OPS, V2, RULES))
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(Matchers.exactSequenceOf(
                            Matchers.messageWithPayload(org.hamcrest.Matchers.<Object>allOf(
                                    org.hamcrest.Matchers.instanceOf(GrayReleaseStarted.class),
                                    org.hamcrest.Matchers.hasToString(
                                            org.hamcrest.Matchers.containsString("version=1.1.0")))),
                            Matchers.andNoMore()));
        }

        @Test
        void refusesASecondConcurrentGrayRelease() {
            VersionNumber v3 = VersionNumber.of("1.2.0");
            fixture.given(history(
                            approved(V1), approved(V2), approved(v3), new GrayReleaseStarted(MP, GRAY, V2, RULES)))
                    .when(new StartGrayRelease(MP, TENANT, OPS, v3, RULES))
                    .expectException(violates(Invariant.GRAY_RELEASE_ACTIVE))
                    .expectNoEvents();
        }

        @Test
        void refusesGrayReleaseOfAnUnapprovedVersion() {
            fixture.given(created(), uploaded(V2))
                    .when(new StartGrayRelease(MP, TENANT, OPS, V2, RULES))
                    .expectException(violates(Invariant.NOT_APPROVED));
        }

        @Test
        void refusesGrayReleaseWhileDelisted() {
            fixture.given(history(approved(V2), new MiniProgramDelisted(MP, "x", false)))
                    .when(new StartGrayRelease(MP, TENANT, OPS, V2, RULES))
                    .expectException(violates(Invariant.DELISTED));
        }

        @Test
        void refusesGrayReleaseOfTheCurrentFullRelease() {
            fixture.given(history(approved(V1), new VersionReleased(MP, V1, null, null)))
                    .when(new StartGrayRelease(MP, TENANT, OPS, V1, RULES))
                    .expectException(violates(Invariant.ALREADY_RELEASED));
        }

        @Test
        void changesTheRulesOfTheActiveGrayRelease() {
            GrayRuleSet newRules = GrayRuleSet.of(List.of(), List.of("u-1"));
            fixture.given(history(approved(V2), new GrayReleaseStarted(MP, GRAY, V2, RULES)))
                    .when(new ChangeGrayRules(MP, TENANT, OPS, newRules))
                    .expectEvents(new GrayRulesChanged(MP, GRAY, V2, newRules));
        }

        @Test
        void refusesRuleChangesWithoutAGrayRelease() {
            fixture.given(history(approved(V2)))
                    .when(new ChangeGrayRules(MP, TENANT, OPS, RULES))
                    .expectException(violates(Invariant.NO_GRAY_RELEASE));
        }

        @Test
        void promotesTheGrayVersionToTheFullRelease() {
            fixture.given(history(
                            approved(V1),
                            new VersionReleased(MP, V1, null, null),
                            approved(V2),
                            new GrayReleaseStarted(MP, GRAY, V2, RULES)))
                    .when(new PromoteGrayRelease(MP, TENANT, OPS))
                    .expectEvents(new GrayReleasePromoted(MP, GRAY, V2), new VersionReleased(MP, V2, V1, GRAY));
        }

        @Test
        void refusesPromotionWithoutAGrayRelease() {
            fixture.given(history(approved(V2)))
                    .when(new PromoteGrayRelease(MP, TENANT, OPS))
                    .expectException(violates(Invariant.NO_GRAY_RELEASE));
        }

        @Test
        void refusesPromotionWhileDelisted() {
            fixture.given(history(
                            approved(V2),
                            new GrayReleaseStarted(MP, GRAY, V2, RULES),
                            new MiniProgramDelisted(MP, "x", false)))
                    .when(new PromoteGrayRelease(MP, TENANT, OPS))
                    .expectException(violates(Invariant.DELISTED));
        }

        @Test
        void cancelsTheGrayRelease() {
            fixture.given(history(approved(V2), new GrayReleaseStarted(MP, GRAY, V2, RULES)))
                    .when(new CancelGrayRelease(MP, TENANT, OPS, "too many crashes"))
                    .expectEvents(new GrayReleaseCancelled(MP, GRAY, V2, "too many crashes"));
        }

        @Test
        void refusesCancellingWithoutAGrayRelease() {
            fixture.given(history(approved(V2)))
                    .when(new CancelGrayRelease(MP, TENANT, OPS, null))
                    .expectException(violates(Invariant.NO_GRAY_RELEASE));
        }

        @Test
        void allowsANewGrayReleaseAfterTheLastEnded() {
            fixture.given(history(
                            approved(V2),
                            new GrayReleaseStarted(MP, GRAY, V2, RULES),
                            new GrayReleaseCancelled(MP, GRAY, V2, "")))
                    .when(new StartGrayRelease(MP, TENANT, OPS, V2, RULES))
                    .expectSuccessfulHandlerExecution();
        }
    }

    @Nested
    class Rollback {
        @Test
        void rollsBackToAVersionReleasedBefore() {
            fixture.given(history(
                            approved(V1),
                            new VersionReleased(MP, V1, null, null),
                            approved(V2),
                            new VersionReleased(MP, V2, V1, null)))
                    .when(new RollBackRelease(MP, TENANT, OPS, V1, "regression"))
                    .expectEvents(new ReleaseRolledBack(MP, V2, V1, "regression"));
        }

        @Test
        void refusesRollingBackToAVersionNeverReleased() {
            VersionNumber v3 = VersionNumber.of("1.2.0");
            fixture.given(history(approved(V1), approved(V2), new VersionReleased(MP, V2, null, null), approved(v3)))
                    .when(new RollBackRelease(MP, TENANT, OPS, V1, null))
                    .expectException(violates(Invariant.NEVER_RELEASED))
                    .expectNoEvents();
        }

        @Test
        void refusesRollbackWhenNothingIsReleased() {
            fixture.given(history(approved(V1)))
                    .when(new RollBackRelease(MP, TENANT, OPS, V1, null))
                    .expectException(violates(Invariant.NOTHING_RELEASED));
        }

        @Test
        void refusesRollingBackToTheCurrentRelease() {
            fixture.given(history(approved(V1), new VersionReleased(MP, V1, null, null)))
                    .when(new RollBackRelease(MP, TENANT, OPS, V1, null))
                    .expectException(violates(Invariant.ALREADY_RELEASED));
        }

        @Test
        void endsAnActiveGrayReleaseWithTheRollback() {
            VersionNumber v3 = VersionNumber.of("1.2.0");
            fixture.given(history(
                            approved(V1),
                            new VersionReleased(MP, V1, null, null),
                            approved(V2),
                            new VersionReleased(MP, V2, V1, null),
                            approved(v3),
                            new GrayReleaseStarted(MP, GRAY, v3, RULES)))
                    .when(new RollBackRelease(MP, TENANT, OPS, V1, "incident"))
                    .expectEvents(
                            new GrayReleaseCancelled(MP, GRAY, v3, "rolled back to 1.0.0"),
                            new ReleaseRolledBack(MP, V2, V1, "incident"));
        }

        @Test
        void refusesRollbackWhileDelisted() {
            fixture.given(history(
                            approved(V1),
                            new VersionReleased(MP, V1, null, null),
                            approved(V2),
                            new VersionReleased(MP, V2, V1, null),
                            new MiniProgramDelisted(MP, "x", false)))
                    .when(new RollBackRelease(MP, TENANT, OPS, V1, null))
                    .expectException(violates(Invariant.DELISTED));
        }

        @Test
        void allowsReleasingARolledBackVersionAgain() {
            fixture.given(history(
                            approved(V1),
                            new VersionReleased(MP, V1, null, null),
                            approved(V2),
                            new VersionReleased(MP, V2, V1, null),
                            new ReleaseRolledBack(MP, V2, V1, "")))
                    .when(new ReleaseVersion(MP, TENANT, OPS, V2))
                    .expectEvents(new VersionReleased(MP, V2, V1, null));
        }
    }

    @Nested
    class Delisting {
        @Test
        void delistsWithAReasonAndOptionalFreeze() {
            fixture.given(created())
                    .when(new DelistMiniProgram(MP, TENANT, OPS, "policy violation", true))
                    .expectEvents(new MiniProgramDelisted(MP, "policy violation", true));
        }

        @Test
        void refusesDelistingWithoutAReason() {
            fixture.given(created())
                    .when(new DelistMiniProgram(MP, TENANT, OPS, null, false))
                    .expectException(invalid("reason"));
        }

        @Test
        void refusesDelistingTwice() {
            fixture.given(created(), new MiniProgramDelisted(MP, "x", false))
                    .when(new DelistMiniProgram(MP, TENANT, OPS, "again", false))
                    .expectException(violates(Invariant.ALREADY_DELISTED));
        }

        @Test
        void relistsAndUnfreezesTheDeveloper() {
            fixture.given(created(), new MiniProgramDelisted(MP, "x", true), new MiniProgramRelisted(MP))
                    .when(new UploadVersion(
                            MP,
                            TENANT,
                            DEV,
                            V1,
                            "",
                            "d".repeat(64),
                            100,
                            uploaded(V1).files()))
                    .expectEvents(uploaded(V1));
        }

        @Test
        void relists() {
            fixture.given(created(), new MiniProgramDelisted(MP, "x", true))
                    .when(new RelistMiniProgram(MP, TENANT, OPS))
                    .expectEvents(new MiniProgramRelisted(MP));
        }

        @Test
        void refusesRelistingAListedMiniProgram() {
            fixture.given(created())
                    .when(new RelistMiniProgram(MP, TENANT, OPS))
                    .expectException(violates(Invariant.NOT_DELISTED));
        }

        @Test
        void refusesEveryCommandFromAnotherTenant() {
            fixture.given(created())
                    .when(new DelistMiniProgram(MP, OTHER, OPS, "x", false))
                    .expectException(UnknownResourceException.class);
        }
    }
}

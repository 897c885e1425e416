package io.atrium.command.hostapp;

import static io.atrium.command.Violations.invalid;
import static io.atrium.command.Violations.violates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.command.hostapp.HostAppCommands.BindBundleIds;
import io.atrium.command.hostapp.HostAppCommands.DefineCustomApi;
import io.atrium.command.hostapp.HostAppCommands.DefineMenuItem;
import io.atrium.command.hostapp.HostAppCommands.DissociateMiniProgram;
import io.atrium.command.hostapp.HostAppCommands.RegisterHostApp;
import io.atrium.command.hostapp.HostAppCommands.RotateHostAppSecret;
import io.atrium.command.hostapp.HostAppCommands.SetDomainAllowlist;
import io.atrium.command.hostapp.HostAppCommands.SetGrants;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.events.ActorId;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
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
import io.atrium.events.miniprogram.MiniProgramId;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostAppTest {

    static final HostAppId HA = new HostAppId("ha-01jd0000000000000000000000");
    static final MiniProgramId MP = new MiniProgramId("mp-01jd0000000000000000000000");
    static final TenantId TENANT = TenantId.DEFAULT;
    static final ActorId ADMIN = new ActorId("key-admin");
    static final List<BundleId> BUNDLES = List.of(BundleId.parse("com.example.shell"));

    private FixtureConfiguration<HostApp> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(HostApp.class);
    }

    static HostAppRegistered registered() {
        return new HostAppRegistered(HA, TENANT, "Shell", BUNDLES, 1);
    }

    @Test
    void registersAHostApp() {
        fixture.givenNoPriorActivity()
                .when(new RegisterHostApp(HA, TENANT, ADMIN, " Shell ", BUNDLES))
                .expectEvents(registered());
    }

    @Test
    void refusesARegistrationWithoutName() {
        fixture.givenNoPriorActivity()
                .when(new RegisterHostApp(HA, TENANT, ADMIN, "", BUNDLES))
                .expectException(invalid("name"));
    }

    private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

    private static RotateHostAppSecret rotate(SecretGrace grace) {
        return new RotateHostAppSecret(HA, TENANT, ADMIN, grace, AT);
    }

    @Test
    void rotatesTheSecretToTheNextGenerationKeepingThePreviousForTheGracePeriod() {
        fixture.given(registered())
                .when(rotate(SecretGrace.ofSeconds(3600L)))
                .expectEvents(new HostAppSecretRotated(HA, 2, AT.plusSeconds(3600)));
        fixture.given(
                        registered(),
                        new HostAppSecretRotated(HA, 2, null),
                        new HostAppSecretRotated(HA, 3, AT.minusSeconds(60)))
                .when(rotate(SecretGrace.ofSeconds(null)))
                .expectEvents(new HostAppSecretRotated(HA, 4, AT.plus(SecretGrace.DEFAULT)));
    }

    @Test
    void aZeroGraceEndsThePreviousSecretAtOnce() {
        fixture.given(registered()).when(rotate(SecretGrace.NONE)).expectEvents(new HostAppSecretRotated(HA, 2, null));
    }

    @Test
    void refusesAGracePeriodOutsideItsBounds() {
        assertThatThrownBy(() -> SecretGrace.ofSeconds(-1L))
                .isInstanceOfSatisfying(
                        InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("graceSeconds"));
        assertThatThrownBy(() -> SecretGrace.ofSeconds(SecretGrace.MAX.toSeconds() + 1))
                .isInstanceOfSatisfying(
                        InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("graceSeconds"));
        assertThat(SecretGrace.ofSeconds(SecretGrace.MAX.toSeconds()).duration())
                .isEqualTo(SecretGrace.MAX);
    }

    @Test
    void refusesRotatingTheSecretOfAnUnknownHostApp() {
        fixture.givenNoPriorActivity()
                .when(rotate(SecretGrace.NONE))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void refusesRotatingTheSecretFromAnotherTenant() {
        fixture.given(registered())
                .when(new RotateHostAppSecret(HA, new TenantId("other"), ADMIN, SecretGrace.NONE, AT))
                .expectException(UnknownResourceException.class)
                .expectNoEvents();
    }

    @Test
    void bindsBundleIdsWithoutDuplicates() {
        BundleId android = BundleId.parse("com.example.android");
        fixture.given(registered())
                .when(new BindBundleIds(HA, TENANT, ADMIN, List.of(android, android, BUNDLES.get(0))))
                .expectEvents(new BundleIdsBound(HA, List.of(android, BUNDLES.get(0))));
    }

    @Test
    void setsTheDomainAllowlist() {
        List<AllowedDomain> domains =
                List.of(AllowedDomain.parse("api.example.com"), AllowedDomain.parse("*.cdn.example.com"));
        fixture.given(registered())
                .when(new SetDomainAllowlist(HA, TENANT, ADMIN, domains))
                .expectEvents(new DomainAllowlistSet(HA, domains));
    }

    @Test
    void refusesCommandsFromAnotherTenant() {
        fixture.given(registered())
                .when(new SetDomainAllowlist(HA, new TenantId("other"), ADMIN, List.of()))
                .expectException(UnknownResourceException.class);
    }

    @Test
    void dissociatesAnAssociatedMiniProgram() {
        fixture.given(registered(), new MiniProgramAssociated(HA, MP))
                .when(new DissociateMiniProgram(HA, TENANT, ADMIN, MP))
                .expectEvents(new MiniProgramDissociated(HA, MP));
    }

    @Test
    void refusesDissociatingWhatIsNotAssociated() {
        fixture.given(registered())
                .when(new DissociateMiniProgram(HA, TENANT, ADMIN, MP))
                .expectException(violates(Invariant.NOT_ASSOCIATED));
    }

    @Test
    void definesCustomApisOnce() {
        fixture.given(registered())
                .when(new DefineCustomApi(HA, TENANT, ADMIN, "getWallet", "Reads the wallet"))
                .expectEvents(new CustomApiDefined(HA, "getWallet", "Reads the wallet"));
        fixture.given(registered(), new CustomApiDefined(HA, "getWallet", ""))
                .when(new DefineCustomApi(HA, TENANT, ADMIN, "getWallet", "again"))
                .expectException(violates(Invariant.CUSTOM_API_EXISTS));
    }

    @Test
    void refusesABadApiName() {
        fixture.given(registered())
                .when(new DefineCustomApi(HA, TENANT, ADMIN, "get wallet!", ""))
                .expectException(invalid("name"));
    }

    @Test
    void definesMenuItemsOnce() {
        fixture.given(registered())
                .when(new DefineMenuItem(HA, TENANT, ADMIN, "share", "Share"))
                .expectEvents(new MenuItemDefined(HA, "share", "Share"));
        fixture.given(registered(), new MenuItemDefined(HA, "share", "Share"))
                .when(new DefineMenuItem(HA, TENANT, ADMIN, "share", "Share again"))
                .expectException(violates(Invariant.MENU_EXISTS));
    }

    @Test
    void refusesAMenuItemWithoutTitle() {
        fixture.given(registered())
                .when(new DefineMenuItem(HA, TENANT, ADMIN, "share", ""))
                .expectException(invalid("title"));
    }

    @Test
    void grantsWhatTheHostDefinedToAnAssociatedMiniProgram() {
        fixture.given(
                        registered(),
                        new MiniProgramAssociated(HA, MP),
                        new CustomApiDefined(HA, "getWallet", ""),
                        new MenuItemDefined(HA, "share", "Share"))
                .when(new SetGrants(
                        HA,
                        TENANT,
                        ADMIN,
                        MP,
                        List.of(BuiltinApiGroup.UI, BuiltinApiGroup.NETWORK),
                        List.of("getWallet"),
                        List.of("share"),
                        List.of("scope.userInfo")))
                .expectEvents(new GrantsSet(
                        HA,
                        MP,
                        List.of(BuiltinApiGroup.UI, BuiltinApiGroup.NETWORK),
                        List.of("getWallet"),
                        List.of("share"),
                        List.of("scope.userInfo")));
    }

    @Test
    void refusesGrantingAnUndefinedApi() {
        fixture.given(registered(), new MiniProgramAssociated(HA, MP))
                .when(new SetGrants(HA, TENANT, ADMIN, MP, List.of(), List.of("getWallet"), List.of(), List.of()))
                .expectException(violates(Invariant.UNDEFINED_GRANT))
                .expectNoEvents();
    }

    @Test
    void refusesGrantingAnUndefinedMenu() {
        fixture.given(registered(), new MiniProgramAssociated(HA, MP))
                .when(new SetGrants(HA, TENANT, ADMIN, MP, List.of(), List.of(), List.of("share"), List.of()))
                .expectException(violates(Invariant.UNDEFINED_GRANT));
    }

    @Test
    void refusesGrantsToAMiniProgramNotAssociated() {
        fixture.given(registered(), new CustomApiDefined(HA, "getWallet", ""))
                .when(new SetGrants(HA, TENANT, ADMIN, MP, List.of(), List.of("getWallet"), List.of(), List.of()))
                .expectException(violates(Invariant.NOT_ASSOCIATED));
    }

    @Test
    void refusesGrantsAfterDissociation() {
        fixture.given(registered(), new MiniProgramAssociated(HA, MP), new MiniProgramDissociated(HA, MP))
                .when(new SetGrants(HA, TENANT, ADMIN, MP, List.of(), List.of(), List.of(), List.of()))
                .expectException(violates(Invariant.NOT_ASSOCIATED));
    }

    @Test
    void refusesAMalformedScope() {
        fixture.given(registered(), new MiniProgramAssociated(HA, MP))
                .when(new SetGrants(HA, TENANT, ADMIN, MP, List.of(), List.of(), List.of(), List.of("camera")))
                .expectException(invalid("scopes[0]"));
    }
}

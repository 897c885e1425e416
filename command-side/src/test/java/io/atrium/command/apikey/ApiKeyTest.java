package io.atrium.command.apikey;

import static io.atrium.command.Violations.forbidden;
import static io.atrium.command.Violations.invalid;
import static io.atrium.command.Violations.violates;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.command.apikey.ApiKeyCommands.IssueApiKey;
import io.atrium.command.apikey.ApiKeyCommands.RevokeApiKey;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.command.role.KnownRoles;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.events.apikey.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    static final ApiKeyId KEY = new ApiKeyId("key-01jd0000000000000000000000");
    static final TenantId TENANT = TenantId.DEFAULT;
    static final ActorId OWNER = new ActorId("key-owner");
    static final String HASH = "a".repeat(64);

    static final ActorId ADMIN = new ActorId("key-admin");

    private FixtureConfiguration<ApiKey> fixture;
    /** What the guard answers: the tenant's owner keys not revoked, this one included. */
    private int activeOwnerKeys = 1;

    private final List<TenantId> guardAsked = new ArrayList<>();

    private final KnownRoles roles = new KnownRoles();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource((OwnerKeyGuard) tenant -> {
            guardAsked.add(tenant);
            return activeOwnerKeys;
        });
        fixture.registerInjectableResource(roles);
    }

    @Test
    void issuesAKeyWithItsHashOnly() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, TENANT, OWNER, "ci", Set.of(Role.DEVELOPER), HASH, Set.of(Role.ADMIN)))
                .expectEvents(new ApiKeyIssued(KEY, TENANT, "ci", Set.of(Role.DEVELOPER), HASH, OWNER));
    }

    @Test
    void onlyAnOwnerIssuesOwnerKeys() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, TENANT, OWNER, "boss", Set.of(Role.OWNER), HASH, Set.of(Role.ADMIN)))
                .expectException(violates(Invariant.OWNER_ONLY));
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, TENANT, OWNER, "boss", Set.of(Role.OWNER), HASH, Set.of(Role.OWNER)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void refusesAKeyWithoutRolesOrName() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, TENANT, OWNER, "ci", Set.of(), HASH, Set.of(Role.OWNER)))
                .expectException(invalid("roles"));
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, TENANT, OWNER, " ", Set.of(Role.AUDITOR), HASH, Set.of(Role.OWNER)))
                .expectException(invalid("name"));
    }

    @Test
    void revokesOnce() {
        ApiKeyIssued issued = new ApiKeyIssued(KEY, TENANT, "ci", Set.of(Role.DEVELOPER), HASH, OWNER);
        fixture.given(issued)
                .when(new RevokeApiKey(KEY, TENANT, OWNER, Set.of(Role.ADMIN)))
                .expectEvents(new ApiKeyRevoked(KEY, OWNER));
        fixture.given(issued, new ApiKeyRevoked(KEY, OWNER))
                .when(new RevokeApiKey(KEY, TENANT, OWNER, Set.of(Role.ADMIN)))
                .expectException(violates(Invariant.ALREADY_REVOKED));
    }

    @Test
    void treatsAnotherTenantsKeyAsUnknown() {
        fixture.given(new ApiKeyIssued(KEY, TENANT, "ci", Set.of(Role.DEVELOPER), HASH, OWNER))
                .when(new RevokeApiKey(KEY, new TenantId("other"), OWNER, Set.of(Role.OWNER)))
                .expectException(UnknownResourceException.class);
    }

    static ApiKeyIssued ownerKeyIssued() {
        return new ApiKeyIssued(KEY, TENANT, "boss", Set.of(Role.OWNER, Role.AUDITOR), HASH, OWNER);
    }

    @Test
    void onlyAnOwnerRevokesAnOwnerKey() {
        activeOwnerKeys = 2;
        fixture.given(ownerKeyIssued())
                .when(new RevokeApiKey(KEY, TENANT, ADMIN, Set.of(Role.ADMIN, Role.DEVELOPER)))
                .expectNoEvents()
                .expectException(forbidden(Permission.MANAGE_OWNER_KEYS));
        fixture.given(ownerKeyIssued())
                .when(new RevokeApiKey(KEY, TENANT, OWNER, Set.of(Role.OWNER)))
                .expectEvents(new ApiKeyRevoked(KEY, OWNER));
    }

    @Test
    void theLastOwnerKeyOfTheTenantCannotBeRevoked() {
        activeOwnerKeys = 1;
        fixture.given(ownerKeyIssued())
                .when(new RevokeApiKey(KEY, TENANT, OWNER, Set.of(Role.OWNER)))
                .expectNoEvents()
                .expectException(violates(Invariant.LAST_OWNER_KEY));
        assertThat(guardAsked).containsExactly(TENANT);
    }

    @Test
    void anAdminRevokesOtherKeysWithoutAskingAboutOwners() {
        activeOwnerKeys = 1;
        fixture.given(new ApiKeyIssued(KEY, TENANT, "ci", Set.of(Role.ADMIN), HASH, OWNER))
                .when(new RevokeApiKey(KEY, TENANT, ADMIN, Set.of(Role.ADMIN)))
                .expectEvents(new ApiKeyRevoked(KEY, ADMIN));
        assertThat(guardAsked).isEmpty();
    }

    @Test
    void anAlreadyRevokedOwnerKeyIsReportedAsSuchNotAsTheLastOwner() {
        activeOwnerKeys = 1;
        fixture.given(ownerKeyIssued(), new ApiKeyRevoked(KEY, OWNER))
                .when(new RevokeApiKey(KEY, TENANT, OWNER, Set.of(Role.OWNER)))
                .expectException(violates(Invariant.ALREADY_REVOKED));
    }

    private IssueApiKey withCustomRoles(Set<Role> issuerRoles, String... custom) {
        return new IssueApiKey(
                KEY,
                TENANT,
                ADMIN,
                "release bot",
                Set.of(),
                HASH,
                issuerRoles,
                Set.of(custom),
                Permission.grantedBy(issuerRoles));
    }

    @Test
    void issuesAKeyHoldingACustomRoleOfTheTenant() {
        roles.define(TENANT, "release-manager", Permission.OPERATE, Permission.READ);
        fixture.givenNoPriorActivity()
                .when(withCustomRoles(Set.of(Role.ADMIN), "release-manager"))
                .expectEvents(
                        new ApiKeyIssued(KEY, TENANT, "release bot", Set.of(), HASH, ADMIN, Set.of("release-manager")));
    }

    @Test
    void refusesARoleTheTenantDoesNotDefine() {
        roles.define(new TenantId("other"), "release-manager", Permission.OPERATE);
        fixture.givenNoPriorActivity()
                .when(withCustomRoles(Set.of(Role.ADMIN), "release-manager"))
                .expectException(invalid("roles"));
    }

    @Test
    void aKeysCustomRolesGrantNothingItsIssuerLacks() {
        roles.define(TENANT, "key-keeper", Permission.MANAGE_KEYS, Permission.MANAGE_OWNER_KEYS);
        fixture.givenNoPriorActivity()
                .when(withCustomRoles(Set.of(Role.ADMIN), "key-keeper"))
                .expectNoEvents()
                .expectException(forbidden(Permission.MANAGE_OWNER_KEYS));
        fixture.givenNoPriorActivity()
                .when(withCustomRoles(Set.of(Role.OWNER), "key-keeper"))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aPlatformOperatorKeyIsOnlyIssuedInThePlatformsTenant() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(
                        KEY,
                        TenantId.parse("acme"),
                        OWNER,
                        "ops",
                        Set.of(Role.PLATFORM_OPERATOR),
                        HASH,
                        Set.of(Role.OWNER, Role.PLATFORM_OPERATOR)))
                .expectNoEvents()
                .expectException(violates(Invariant.PLATFORM_OPERATOR_OUTSIDE_PLATFORM));
    }
}

package io.atrium.command.role;

import static io.atrium.command.Violations.forbidden;
import static io.atrium.command.Violations.invalid;
import static io.atrium.command.Violations.violates;

import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.command.role.RoleCommands.ChangeRole;
import io.atrium.command.role.RoleCommands.DefineRole;
import io.atrium.command.role.RoleCommands.DeleteRole;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.Role;
import io.atrium.events.role.RoleChanged;
import io.atrium.events.role.RoleDefined;
import io.atrium.events.role.RoleDeleted;
import io.atrium.events.role.RoleId;
import io.atrium.events.role.RoleName;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantRoleTest {

    static final RoleId ID = new RoleId("role-01jd0000000000000000000000");
    static final TenantId TENANT = TenantId.DEFAULT;
    static final ActorId ADMIN = new ActorId("key-admin");
    static final ActorId OWNER = new ActorId("key-owner");
    static final RoleName NAME = RoleName.parse("release-manager");
    static final Set<Permission> OF_ADMIN = Permission.grantedBy(Set.of(Role.ADMIN));
    static final Set<Permission> OF_OWNER = Permission.grantedBy(Set.of(Role.OWNER));

    private FixtureConfiguration<TenantRole> fixture;
    private final KnownRoles roles = new KnownRoles();
    private boolean heldByAKey;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TenantRole.class);
        fixture.registerInjectableResource(roles);
        fixture.registerInjectableResource((RoleHolders) (tenant, role) -> heldByAKey);
    }

    private static DefineRole define(Set<Permission> permissions, Set<Permission> definer) {
        return new DefineRole(ID, TENANT, ADMIN, NAME, " Releases ", permissions, definer);
    }

    static RoleDefined defined() {
        return new RoleDefined(ID, TENANT, NAME, "Releases", Set.of(Permission.OPERATE, Permission.READ), ADMIN);
    }

    @Test
    void definesARoleWithItsPermissions() {
        fixture.givenNoPriorActivity()
                .when(define(Set.of(Permission.OPERATE, Permission.READ), OF_ADMIN))
                .expectEvents(defined());
    }

    @Test
    void refusesARoleWithoutPermissions() {
        fixture.givenNoPriorActivity().when(define(Set.of(), OF_OWNER)).expectException(invalid("permissions"));
    }

    @Test
    void noTenantRoleGrantsManageTenants() {
        fixture.givenNoPriorActivity()
                .when(define(Set.of(Permission.MANAGE_TENANTS), Permission.grantedBy(Set.of(Role.PLATFORM_OPERATOR))))
                .expectNoEvents()
                .expectException(invalid("permissions"));
    }

    @Test
    void anAdminCannotMintAnOwnerEquivalentButAnOwnerCan() {
        fixture.givenNoPriorActivity()
                .when(define(Set.of(Permission.MANAGE_OWNER_KEYS, Permission.MANAGE_KEYS), OF_ADMIN))
                .expectNoEvents()
                .expectException(forbidden(Permission.MANAGE_OWNER_KEYS));
        fixture.givenNoPriorActivity()
                .when(define(Set.of(Permission.MANAGE_OWNER_KEYS, Permission.MANAGE_KEYS), OF_OWNER))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void nobodyGrantsWhatTheyDoNotHold() {
        // A custom role holding manage-roles but not operate may not hand out operate.
        fixture.givenNoPriorActivity()
                .when(define(Set.of(Permission.OPERATE), Set.of(Permission.MANAGE_ROLES, Permission.READ)))
                .expectException(forbidden(Permission.OPERATE));
    }

    @Test
    void aNameIsDefinedOncePerTenant() {
        roles.define(TENANT, NAME.value(), Permission.READ);
        fixture.givenNoPriorActivity()
                .when(define(Set.of(Permission.READ), OF_ADMIN))
                .expectException(violates(Invariant.ROLE_EXISTS));
    }

    @Test
    void changesDescriptionAndPermissions() {
        fixture.given(defined())
                .when(new ChangeRole(ID, TENANT, OWNER, "Reviews", Set.of(Permission.REVIEW), OF_OWNER))
                .expectEvents(new RoleChanged(ID, TENANT, NAME, "Reviews", Set.of(Permission.REVIEW), OWNER));
    }

    @Test
    void anAdminCannotChangeARoleGrantingWhatOnlyOwnersHold() {
        RoleDefined ownerish = new RoleDefined(ID, TENANT, NAME, "", Set.of(Permission.MANAGE_OWNER_KEYS), OWNER);
        fixture.given(ownerish)
                .when(new ChangeRole(ID, TENANT, ADMIN, "", Set.of(Permission.READ), OF_ADMIN))
                .expectNoEvents()
                .expectException(forbidden(Permission.MANAGE_OWNER_KEYS));
        fixture.given(ownerish)
                .when(new DeleteRole(ID, TENANT, ADMIN, OF_ADMIN))
                .expectException(forbidden(Permission.MANAGE_OWNER_KEYS));
    }

    @Test
    void deletesARoleNoKeyHolds() {
        fixture.given(defined())
                .when(new DeleteRole(ID, TENANT, ADMIN, OF_ADMIN))
                .expectEvents(new RoleDeleted(ID, TENANT, NAME, ADMIN));
    }

    @Test
    void refusesToDeleteARoleAKeyHolds() {
        heldByAKey = true;
        fixture.given(defined())
                .when(new DeleteRole(ID, TENANT, ADMIN, OF_ADMIN))
                .expectNoEvents()
                .expectException(violates(Invariant.ROLE_IN_USE));
    }

    @Test
    void aDeletedRoleOrAnotherTenantsIsUnknown() {
        fixture.given(defined(), new RoleDeleted(ID, TENANT, NAME, ADMIN))
                .when(new ChangeRole(ID, TENANT, ADMIN, "", Set.of(Permission.READ), OF_ADMIN))
                .expectException(UnknownResourceException.class);
        fixture.given(defined())
                .when(new DeleteRole(ID, new TenantId("other"), ADMIN, OF_OWNER))
                .expectException(UnknownResourceException.class);
    }

    @Test
    void refusesALongDescription() {
        fixture.given(defined())
                .when(new ChangeRole(ID, TENANT, ADMIN, "x".repeat(201), Set.of(Permission.READ), OF_ADMIN))
                .expectException(invalid("description"));
    }
}

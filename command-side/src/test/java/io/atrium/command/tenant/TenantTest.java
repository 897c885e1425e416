package io.atrium.command.tenant;

import static io.atrium.command.Violations.invalid;
import static io.atrium.command.Violations.violates;

import io.atrium.command.problem.Invariant;
import io.atrium.command.tenant.TenantCommands.CreateTenant;
import io.atrium.command.tenant.TenantCommands.DeleteTenant;
import io.atrium.command.tenant.TenantCommands.ResumeTenant;
import io.atrium.command.tenant.TenantCommands.SuspendTenant;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.tenant.TenantCreated;
import io.atrium.events.tenant.TenantDeleted;
import io.atrium.events.tenant.TenantResumed;
import io.atrium.events.tenant.TenantSuspended;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantTest {

    static final TenantId ACME = TenantId.parse("acme");
    static final TenantId PLATFORM = TenantId.DEFAULT;
    static final ActorId OPERATOR = new ActorId("key-platform-operator");

    private FixtureConfiguration<Tenant> fixture;
    private final Set<TenantId> existing = new HashSet<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource((TenantDirectory) existing::contains);
    }

    @Test
    void createsATenant() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, PLATFORM, OPERATOR, " ACME Corporation "))
                .expectEvents(new TenantCreated(ACME, "ACME Corporation", OPERATOR));
    }

    @Test
    void refusesATenantIdThatIsTaken() {
        existing.add(ACME);
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, PLATFORM, OPERATOR, "ACME again"))
                .expectNoEvents()
                .expectException(violates(Invariant.TENANT_EXISTS));
    }

    @Test
    void refusesToCreateThePlatformsOwnTenant() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(PLATFORM, PLATFORM, OPERATOR, "Platform"))
                .expectNoEvents()
                .expectException(violates(Invariant.TENANT_EXISTS));
    }

    @Test
    void refusesABlankName() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, PLATFORM, OPERATOR, "  "))
                .expectNoEvents()
                .expectException(invalid("name"));
    }

    @Test
    void suspendsAnActiveTenantWithAReason() {
        fixture.given(new TenantCreated(ACME, "ACME", OPERATOR))
                .when(new SuspendTenant(ACME, PLATFORM, OPERATOR, "invoice overdue"))
                .expectEvents(new TenantSuspended(ACME, "invoice overdue", OPERATOR));
    }

    @Test
    void aSuspensionNeedsAReason() {
        fixture.given(new TenantCreated(ACME, "ACME", OPERATOR))
                .when(new SuspendTenant(ACME, PLATFORM, OPERATOR, ""))
                .expectNoEvents()
                .expectException(invalid("reason"));
    }

    @Test
    void refusesToSuspendTwice() {
        fixture.given(new TenantCreated(ACME, "ACME", OPERATOR), new TenantSuspended(ACME, "overdue", OPERATOR))
                .when(new SuspendTenant(ACME, PLATFORM, OPERATOR, "again"))
                .expectNoEvents()
                .expectException(violates(Invariant.ALREADY_SUSPENDED));
    }

    @Test
    void resumesASuspendedTenant() {
        fixture.given(new TenantCreated(ACME, "ACME", OPERATOR), new TenantSuspended(ACME, "overdue", OPERATOR))
                .when(new ResumeTenant(ACME, PLATFORM, OPERATOR))
                .expectEvents(new TenantResumed(ACME, OPERATOR));
    }

    @Test
    void refusesToResumeAnActiveTenant() {
        fixture.given(new TenantCreated(ACME, "ACME", OPERATOR))
                .when(new ResumeTenant(ACME, PLATFORM, OPERATOR))
                .expectNoEvents()
                .expectException(violates(Invariant.NOT_SUSPENDED));
    }

    @Test
    void deletesATenantSuspendedOrNot() {
        fixture.given(new TenantCreated(ACME, "ACME", OPERATOR), new TenantSuspended(ACME, "overdue", OPERATOR))
                .when(new DeleteTenant(ACME, PLATFORM, OPERATOR, "contract ended"))
                .expectEvents(new TenantDeleted(ACME, "contract ended", OPERATOR));
    }

    @Test
    void aDeletedTenantCannotBeResumedSuspendedOrDeletedAgain() {
        fixture.given(new TenantCreated(ACME, "ACME", OPERATOR), new TenantDeleted(ACME, "", OPERATOR))
                .when(new ResumeTenant(ACME, PLATFORM, OPERATOR))
                .expectNoEvents()
                .expectException(violates(Invariant.TENANT_DELETED));
        fixture.given(new TenantCreated(ACME, "ACME", OPERATOR), new TenantDeleted(ACME, "", OPERATOR))
                .when(new SuspendTenant(ACME, PLATFORM, OPERATOR, "why not"))
                .expectNoEvents()
                .expectException(violates(Invariant.TENANT_DELETED));
        fixture.given(new TenantCreated(ACME, "ACME", OPERATOR), new TenantDeleted(ACME, "", OPERATOR))
                .when(new DeleteTenant(ACME, PLATFORM, OPERATOR, ""))
                .expectNoEvents()
                .expectException(violates(Invariant.TENANT_DELETED));
    }
}

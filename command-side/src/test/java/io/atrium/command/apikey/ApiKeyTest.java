package io.atrium.command.apikey;

import static io.atrium.command.Violations.invalid;
import static io.atrium.command.Violations.violates;

import io.atrium.command.apikey.ApiKeyCommands.IssueApiKey;
import io.atrium.command.apikey.ApiKeyCommands.RevokeApiKey;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.events.apikey.Role;
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

    private FixtureConfiguration<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
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
                .when(new RevokeApiKey(KEY, TENANT, OWNER))
                .expectEvents(new ApiKeyRevoked(KEY, OWNER));
        fixture.given(issued, new ApiKeyRevoked(KEY, OWNER))
                .when(new RevokeApiKey(KEY, TENANT, OWNER))
                .expectException(violates(Invariant.ALREADY_REVOKED));
    }

    @Test
    void treatsAnotherTenantsKeyAsUnknown() {
        fixture.given(new ApiKeyIssued(KEY, TENANT, "ci", Set.of(Role.DEVELOPER), HASH, OWNER))
                .when(new RevokeApiKey(KEY, new TenantId("other"), OWNER))
                .expectException(UnknownResourceException.class);
    }
}

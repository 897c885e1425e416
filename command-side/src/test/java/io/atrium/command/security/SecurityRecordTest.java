package io.atrium.command.security;

import io.atrium.command.security.SecurityRecordCommands.RecordRefusal;
import io.atrium.command.security.SecurityRecordCommands.RecordSensitiveRead;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.security.RequestRefused;
import io.atrium.events.security.SecurityRecordId;
import io.atrium.events.security.SensitiveDataRead;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecurityRecordTest {

    private static final SecurityRecordId ID = new SecurityRecordId("sr-01jd000000000000000000test");
    private static final ActorId KEY = new ActorId("key-01jd00000000000000000000op");

    private FixtureConfiguration<SecurityRecord> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SecurityRecord.class);
    }

    @Test
    void recordsARefusalWithItsRouteStatusTypeAndPrincipal() {
        fixture.givenNoPriorActivity()
                .when(new RecordRefusal(
                        ID,
                        TenantId.DEFAULT,
                        KEY,
                        "POST",
                        "/api/v1/host-apps",
                        403,
                        "https://atrium.dev/problems/forbidden",
                        KEY.value(),
                        0))
                .expectEvents(new RequestRefused(
                        ID, "POST", "/api/v1/host-apps", 403, "https://atrium.dev/problems/forbidden", KEY.value(), 0));
    }

    @Test
    void refusesToRecordAStatusThatIsNoRefusal() {
        fixture.givenNoPriorActivity()
                .when(new RecordRefusal(ID, TenantId.DEFAULT, SecurityLog.ANONYMOUS, "GET", "/x", 200, "", null, 0))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void boundsWhatTheClientChoseRouteAndQuery() {
        String longPath = "/api/" + "a".repeat(300);
        fixture.givenNoPriorActivity()
                .when(new RecordRefusal(
                        ID, TenantId.DEFAULT, SecurityLog.ANONYMOUS, "GET", longPath, 401, "t", null, -3))
                .expectEvents(new RequestRefused(
                        ID, "GET", longPath.substring(0, SecurityRecord.MAX_ROUTE), 401, "t", null, 0));
        fixture.givenNoPriorActivity()
                .when(new RecordSensitiveRead(
                        ID, TenantId.DEFAULT, KEY, "GET", "/api/v1/audit/events", "q".repeat(600), KEY.value()))
                .expectEvents(new SensitiveDataRead(
                        ID, "GET", "/api/v1/audit/events", "q".repeat(SecurityRecord.MAX_QUERY), KEY.value()));
    }

    @Test
    void recordsASensitiveReadWithoutAnEmptyQuery() {
        fixture.givenNoPriorActivity()
                .when(new RecordSensitiveRead(
                        ID, TenantId.DEFAULT, KEY, "GET", "/api/v1/audit/export", "", KEY.value()))
                .expectEvents(new SensitiveDataRead(ID, "GET", "/api/v1/audit/export", null, KEY.value()));
    }
}

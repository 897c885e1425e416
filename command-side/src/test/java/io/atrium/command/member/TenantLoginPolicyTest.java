package io.atrium.command.member;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.command.member.MemberCommands.SetLoginPolicy;
import io.atrium.events.ActorId;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.events.member.LoginPolicyEvent;
import io.atrium.events.member.LoginPolicySet;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantLoginPolicyTest {

    static final TenantId TENANT = TenantId.DEFAULT;
    static final ActorId ADMIN = new ActorId("key-admin");
    static final String ID = LoginPolicyEvent.idOf(TENANT);

    private FixtureConfiguration<TenantLoginPolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TenantLoginPolicy.class);
    }

    @Test
    void theFirstPolicyStartsTheTenantsStreamAndEachChangeStatesItWhole() {
        LoginPolicy strict = LoginPolicy.of(14, List.of("upper", "digit", "upper"), true, 90, 5, 30);
        LoginPolicySet set = new LoginPolicySet(ID, TENANT, 14, List.of("digit", "upper"), true, 90, 5, 30, ADMIN);
        fixture.givenNoPriorActivity()
                .when(new SetLoginPolicy(TENANT, ADMIN, strict))
                .expectEvents(set);
        fixture.given(set)
                .when(new SetLoginPolicy(TENANT, ADMIN, LoginPolicy.DEFAULT))
                .expectEvents(new LoginPolicySet(ID, TENANT, 12, List.of(), true, 0, 5, 15, ADMIN));
    }

    @Test
    void aPolicyIsCheckedFieldByFieldWhenTheCommandIsBuilt() {
        assertThatThrownBy(() -> LoginPolicy.of(7, List.of(), true, 0, 5, 15))
                .isInstanceOfSatisfying(
                        InvalidValueException.class, e -> e.field().equals("minLength"));
        assertThatThrownBy(() -> LoginPolicy.of(12, List.of("emoji"), true, 0, 5, 15))
                .isInstanceOfSatisfying(
                        InvalidValueException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.field())
                                .isEqualTo("requiredClasses[0]"));
        assertThatThrownBy(() -> LoginPolicy.of(12, List.of(), true, 0, 0, 15))
                .isInstanceOfSatisfying(
                        InvalidValueException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.field())
                                .isEqualTo("maxFailedAttempts"));
    }
}

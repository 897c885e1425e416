package io.atrium.events.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final ApiKeyId KEY = new ApiKeyId("key-01jd0000000000000000000000");

    @Test
    void aPlatformOperatorOfThePlatformsTenantRunsTenantsAndThePlatform() {
        Caller caller = Caller.ofKey(KEY, TenantId.DEFAULT, Set.of(Role.OWNER, Role.PLATFORM_OPERATOR));
        assertThat(caller.roles()).contains(Role.PLATFORM_OPERATOR);
        assertThat(caller.holds(Permission.MANAGE_TENANTS)).isTrue();
        assertThat(caller.holds(Permission.ADMINISTER)).isTrue();
    }

    @Test
    void thePlatformOperatorRoleCountsForNothingInAnyOtherTenant() {
        Caller caller = Caller.ofKey(KEY, TenantId.parse("acme"), Set.of(Role.OWNER, Role.PLATFORM_OPERATOR));
        assertThat(caller.roles()).containsExactly(Role.OWNER);
        assertThat(caller.holds(Permission.MANAGE_TENANTS)).isFalse();
        assertThat(caller.holds(Permission.ADMINISTER)).isFalse();
        // Even permissions handed over directly (a custom role, say) do not reach above the tenants.
        Caller custom = new Caller(
                KEY.asActor(),
                KEY,
                TenantId.parse("acme"),
                Set.of(),
                Set.of(Permission.MANAGE_TENANTS, Permission.READ));
        assertThat(custom.permissions()).containsExactly(Permission.READ);
    }

    @Test
    void aTenantsOwnerDoesNotRunThePlatform() {
        Caller owner = Caller.ofKey(KEY, TenantId.parse("acme"), Set.of(Role.OWNER));
        assertThat(owner.holds(Permission.ADMINISTER)).isFalse();
        assertThat(owner.holds(Permission.MANAGE_KEYS)).isTrue();
    }
}

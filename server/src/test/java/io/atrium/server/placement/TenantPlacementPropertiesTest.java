package io.atrium.server.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.events.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

/** What {@code atrium.tenants} accepts, and what it refuses at start-up with a message saying why. */
class TenantPlacementPropertiesTest {

    static MockEnvironment placingAcme() {
        return new MockEnvironment()
                .withProperty("atrium.tenants.acme.event-store.url", "jdbc:mariadb://127.0.0.1:3306/acme")
                .withProperty("atrium.tenants.acme.read-model.kind", "mysql")
                .withProperty("atrium.tenants.acme.read-model.database", "acme_read")
                .withProperty("atrium.read-model.kind", "mysql");
    }

    static TenantPlacementProperties bind(MockEnvironment environment) {
        return Binder.get(environment)
                .bind("atrium", Bindable.of(TenantPlacementProperties.class))
                .get();
    }

    @Test
    void bindsAPlacementByTenantWithTheReadModelKeysOfTheSharedOne() {
        TenantPlacementProperties properties = bind(placingAcme());
        TenantPlacementProperties.Placement acme = properties.placements().get(new TenantId("acme"));
        assertThat(acme.eventStore().url()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/acme");
        assertThat(acme.readModel().database()).isEqualTo("acme_read");
        assertThat(acme.readModel().port()).isEqualTo(3306);
        properties.check(placingAcme());
    }

    @Test
    void refusesClusterMode() {
        MockEnvironment environment = placingAcme()
                .withProperty("atrium.event-feed.kind", "kafka")
                .withProperty("atrium.search.index", "elasticsearch");
        assertThatThrownBy(() -> bind(environment).check(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster mode");
    }

    @Test
    void refusesKurrentDbAndSplitRoles() {
        MockEnvironment kurrent = placingAcme().withProperty("atrium.event-store.kind", "kurrentdb");
        assertThatThrownBy(() -> bind(kurrent).check(kurrent)).hasMessageContaining("kurrentdb");
        MockEnvironment split = placingAcme().withProperty("atrium.roles", "command,query");
        assertThatThrownBy(() -> bind(split).check(split)).hasMessageContaining("atrium.roles=all");
    }

    @Test
    void refusesTheDefaultTenantAndAReadModelOfAnotherKind() {
        MockEnvironment defaultTenant =
                new MockEnvironment().withProperty("atrium.tenants.default.event-store.url", "x");
        assertThatThrownBy(() -> bind(defaultTenant).check(defaultTenant)).hasMessageContaining("shared databases");
        MockEnvironment mixed = placingAcme().withProperty("atrium.read-model.kind", "h2");
        assertThatThrownBy(() -> bind(mixed).check(mixed)).hasMessageContaining("same kind");
    }

    @Test
    void refusesAMalformedTenantId() {
        MockEnvironment bad = new MockEnvironment().withProperty("atrium.tenants.Acme_Corp.event-store.url", "x");
        assertThatThrownBy(() -> bind(bad).placements()).hasMessageContaining("tenantId");
    }
}

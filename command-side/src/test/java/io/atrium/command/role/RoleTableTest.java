package io.atrium.command.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.command.access.ApiKeyAuthenticator;
import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.Role;
import io.atrium.events.role.RoleChanged;
import io.atrium.events.role.RoleDefined;
import io.atrium.events.role.RoleDeleted;
import io.atrium.events.role.RoleId;
import io.atrium.events.role.RoleName;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The role table as authentication uses it: a change to a custom role counts from the next request. */
class RoleTableTest {

    @Test
    void aChangedCustomRoleCountsFromTheNextRequestWhileTheKeyStaysCached() {
        DriverManagerDataSource db =
                new DriverManagerDataSource("jdbc:h2:mem:roles-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.execute(
                "CREATE TABLE api_key (id VARCHAR(64) PRIMARY KEY, tenant_id VARCHAR(64), name VARCHAR(200), roles VARCHAR(200),"
                        + " secret_sha256 VARCHAR(64), revoked BOOLEAN, issued_at TIMESTAMP)");
        jdbc.execute("CREATE TABLE tenant_role (tenant_id VARCHAR(63), name VARCHAR(40), id VARCHAR(40),"
                + " description VARCHAR(200), permissions VARCHAR(400), PRIMARY KEY (tenant_id, name))");
        jdbc.update(
                "INSERT INTO api_key VALUES ('key-01jf0000000000000000000003', 'default', 'rm', 'auditor,release-manager', ?,"
                        + " FALSE, CURRENT_TIMESTAMP)",
                ApiKeyTable.sha256("atr_rm"));
        RoleTable roles = new RoleTable(jdbc);
        ApiKeyTable keys = new ApiKeyTable(jdbc);
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(keys, roles);
        RoleId id = new RoleId("role-01jf0000000000000000000001");
        RoleName name = new RoleName("release-manager");

        assertThat(authenticator.authenticate("atr_rm").orElseThrow().holds(Permission.OPERATE))
                .as("the role is not defined yet: it grants nothing")
                .isFalse();
        roles.on(new RoleDefined(id, TenantId.DEFAULT, name, "", Set.of(Permission.OPERATE), ActorId.SYSTEM));
        Caller defined = authenticator.authenticate("atr_rm").orElseThrow();
        assertThat(defined.permissions()).contains(Permission.OPERATE, Permission.AUDIT);
        assertThat(defined.roles()).containsExactly(Role.AUDITOR);
        assertThat(authenticator.cached("atr_rm")).isNotNull();
        assertThat(roles.exists(TenantId.DEFAULT, "release-manager")).isTrue();
        assertThat(roles.exists(new TenantId("other"), "release-manager")).isFalse();
        assertThat(keys.anyActiveHolder(TenantId.DEFAULT, name)).isTrue();
        assertThat(keys.anyActiveHolder(TenantId.DEFAULT, new RoleName("release")))
                .isFalse();

        roles.on(new RoleChanged(id, TenantId.DEFAULT, name, "", Set.of(Permission.READ), ActorId.SYSTEM));
        assertThat(authenticator.cached("atr_rm"))
                .as("the role's change dropped what was cached of it")
                .isNull();
        assertThat(authenticator.authenticate("atr_rm").orElseThrow().permissions())
                .contains(Permission.READ)
                .doesNotContain(Permission.OPERATE);

        roles.on(new RoleDeleted(id, TenantId.DEFAULT, name, ActorId.SYSTEM));
        assertThat(authenticator.authenticate("atr_rm").orElseThrow().permissions())
                .isEqualTo(Permission.grantedBy(Set.of(Role.AUDITOR)));
        assertThat(roles.exists(TenantId.DEFAULT, "release-manager")).isFalse();
    }
}

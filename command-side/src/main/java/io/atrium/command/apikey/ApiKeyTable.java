package io.atrium.command.apikey;

import io.atrium.command.role.RoleHolders;
import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.events.apikey.Role;
import io.atrium.events.role.RoleName;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The keys callers authenticate with, by the SHA-256 of the key. Written by a subscribing event
 * handler inside the transaction that records the key's events, so the table never disagrees with
 * the event log; a revoked key stops working when the revocation commits.
 */
@Component
@ProcessingGroup(ApiKeyTable.PROCESSING_GROUP)
public class ApiKeyTable implements OwnerKeyGuard, RoleHolders {

    public static final String PROCESSING_GROUP = "api-key-table";

    /**
     * What authentication needs of a key.
     *
     * @param roles       the built-in roles it holds
     * @param customRoles the names of the tenant's custom roles it holds
     */
    public record KeyRow(ApiKeyId id, TenantId tenant, Set<Role> roles, Set<String> customRoles, boolean revoked) {

        /** Every role name the key holds. */
        public Set<String> roleNames() {
            Set<String> names = new java.util.HashSet<>(customRoles);
            roles.forEach(r -> names.add(r.wireName()));
            return names;
        }
    }

    private final JdbcTemplate jdbc;

    public ApiKeyTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ApiKeyIssued event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update(
                "INSERT INTO api_key (id, tenant_id, name, roles, secret_sha256, revoked, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                event.apiKeyId().value(),
                event.tenantId().value(),
                event.name(),
                // Built-in and custom role names in one list: no custom role is named like a built-in one.
                String.join(",", event.roleNames()),
                event.secretSha256(),
                false,
                Timestamp.from(at));
    }

    @EventHandler
    void on(ApiKeyRevoked event) {
        jdbc.update(
                "UPDATE api_key SET revoked = ? WHERE id = ?",
                true,
                event.apiKeyId().value());
    }

    /** The key whose whole text hashes to {@code secretSha256}, revoked or not. */
    public Optional<KeyRow> findBySecret(String secretSha256) {
        List<KeyRow> rows = jdbc.query(
                "SELECT id, tenant_id, roles, revoked FROM api_key WHERE secret_sha256 = ?",
                (rs, n) -> new KeyRow(
                        new ApiKeyId(rs.getString(1)),
                        new TenantId(rs.getString(2)),
                        roles(rs.getString(3)),
                        customRoles(rs.getString(3)),
                        rs.getBoolean(4)),
                secretSha256);
        return rows.stream().findFirst();
    }

    /**
     * Locks the tenant's owner-key rows, revoked or not, until the command's transaction ends
     * ({@code FOR UPDATE}), then counts those not revoked with a statement of its own. Two
     * revocations of the last two owner keys both lock the same rows, so the second waits for the
     * first to commit, and its count (read committed: a new statement sees the first's revocation)
     * then leaves it nothing to revoke. This holds across nodes sharing one database; see
     * {@link ApiKey} for why this is a database lock rather than an aggregate.
     */
    @Override
    public int lockAndCountActiveOwnerKeys(TenantId tenant) {
        // The LIKE only narrows what is locked (a superset is harmless); the count checks roles exactly.
        jdbc.query(
                "SELECT id FROM api_key WHERE tenant_id = ? AND roles LIKE ? FOR UPDATE",
                rs -> {},
                tenant.value(),
                "%" + Role.OWNER.wireName() + "%");
        List<String> roles = jdbc.queryForList(
                "SELECT roles FROM api_key WHERE tenant_id = ? AND revoked = ? AND roles LIKE ?",
                String.class,
                tenant.value(),
                false,
                "%" + Role.OWNER.wireName() + "%");
        return (int)
                roles.stream().filter(list -> roles(list).contains(Role.OWNER)).count();
    }

    @Override
    public boolean anyActiveHolder(TenantId tenant, RoleName role) {
        // The LIKE narrows; the exact check of each list decides (a role's name may be part of another's).
        List<String> lists = jdbc.queryForList(
                "SELECT roles FROM api_key WHERE tenant_id = ? AND revoked = ? AND roles LIKE ?",
                String.class,
                tenant.value(),
                false,
                "%" + role.value() + "%");
        return lists.stream().anyMatch(list -> customRoles(list).contains(role.value()));
    }

    /** Whether any key, revoked or not, exists. */
    public boolean isEmpty() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM api_key", Integer.class);
        return count == null || count == 0;
    }

    /** The hex SHA-256 of a key as a caller presents it. */
    public static String sha256(String key) {
        return io.atrium.events.access.CredentialDigest.of(key);
    }

    /** The built-in roles of a role list. */
    public static Set<Role> roles(String list) {
        return Arrays.stream(list.split(","))
                .filter(RoleName::isBuiltIn)
                .map(Role::of)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The custom role names of a role list. */
    public static Set<String> customRoles(String list) {
        return Arrays.stream(list.split(","))
                .filter(s -> !s.isEmpty() && !RoleName.isBuiltIn(s))
                .collect(Collectors.toUnmodifiableSet());
    }
}

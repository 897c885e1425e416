package io.atrium.query.role;

import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.Role;
import io.atrium.query.readmodel.Json;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The role list: the built-in roles from the code, the tenant's custom roles from {@code role_view}. */
public final class RoleQueries {

    private static final List<String> DESCRIPTIONS = List.of(
            "Everything in the tenant, including owner keys",
            "Everything in the tenant but owner keys",
            "Creates mini-programs, uploads and submits versions",
            "Approves or rejects submitted versions",
            "Releases, gray-releases, rolls back, delists and relists; manages host apps",
            "Reads the operation log",
            "Runs the platform above the tenants: creates, suspends and deletes them");

    private final DatabaseClient db;

    public RoleQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<RoleList> list(TenantId tenant) {
        List<RoleDto> roles = new ArrayList<>();
        for (Role role : Role.values()) {
            roles.add(new RoleDto(
                    role.wireName(),
                    role.ordinal() < DESCRIPTIONS.size() ? DESCRIPTIONS.get(role.ordinal()) : "",
                    true,
                    wireNames(Permission.grantedBy(Set.of(role))),
                    null,
                    null));
        }
        List<String> grantable = Arrays.stream(Permission.values())
                .filter(p -> p != Permission.MANAGE_TENANTS)
                .map(Permission::wireName)
                .toList();
        return db.sql("SELECT name, description, permissions, defined_at, changed_at FROM role_view"
                        + " WHERE tenant_id = :tenant ORDER BY name")
                .bind("tenant", tenant.value())
                .map(row -> new RoleDto(
                        row.get("name", String.class),
                        row.get("description", String.class),
                        false,
                        ordered(row.get("permissions", String.class)),
                        Json.instant(row.get("defined_at", LocalDateTime.class)),
                        Json.instant(row.get("changed_at", LocalDateTime.class))))
                .all()
                .collectList()
                .map(custom -> {
                    roles.addAll(custom);
                    return new RoleList(roles, grantable);
                });
    }

    private static List<String> wireNames(Set<Permission> permissions) {
        return Arrays.stream(Permission.values())
                .filter(permissions::contains)
                .map(Permission::wireName)
                .toList();
    }

    private static List<String> ordered(String list) {
        Set<String> names = Set.copyOf(Arrays.asList(list.split(",")));
        return Arrays.stream(Permission.values())
                .map(Permission::wireName)
                .filter(names::contains)
                .toList();
    }
}

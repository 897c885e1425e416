package io.atrium.server.security;

import io.atrium.events.access.Permission;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;

/**
 * The permission every {@code /api/} route needs, declared once. A route that is not listed here is
 * refused to every caller (403), so a new endpoint without a rule fails the route-security test
 * rather than being open. Finer checks that depend on the data (which tenant owns what, who uploaded
 * a version, owner keys) stay with the command or query that knows the data.
 */
public final class RouteRules {

    /**
     * One rule.
     *
     * @param method  the HTTP method, or null for every method
     * @param pattern a Spring path pattern
     */
    public record Rule(@Nullable HttpMethod method, String pattern, Permission permission) {}

    private static final String MP = "/api/v1/mini-programs";
    private static final String HOST = "/api/v1/host-apps";

    /** In order; the first that matches a request decides. */
    public static final List<Rule> RULES = List.of(
            // The catalogue and host apps, read.
            new Rule(HttpMethod.GET, MP, Permission.READ),
            new Rule(HttpMethod.GET, MP + "/{id}", Permission.READ),
            new Rule(HttpMethod.GET, MP + "/{id}/icon", Permission.READ),
            new Rule(HttpMethod.GET, MP + "/{id}/versions", Permission.READ),
            new Rule(HttpMethod.GET, "/api/v1/reviews", Permission.READ),
            new Rule(HttpMethod.GET, MP + "/{id}/versions/{version}/files", Permission.READ),
            new Rule(HttpMethod.GET, MP + "/{id}/versions/{version}/file", Permission.READ),
            new Rule(HttpMethod.GET, HOST, Permission.READ),
            new Rule(HttpMethod.GET, HOST + "/{id}", Permission.READ),
            new Rule(HttpMethod.GET, "/api/v1/search", Permission.READ),
            new Rule(HttpMethod.GET, "/api/v1/search/suggest", Permission.READ),
            new Rule(HttpMethod.GET, "/api/v1/search/crawls", Permission.READ),
            new Rule(HttpMethod.GET, "/api/v1/search/crawls/{id}/progress", Permission.READ),
            // Mini-programs, written.
            new Rule(HttpMethod.POST, MP, Permission.DEVELOP),
            new Rule(HttpMethod.PATCH, MP + "/{id}", Permission.DEVELOP),
            new Rule(HttpMethod.PUT, MP + "/{id}/icon", Permission.DEVELOP),
            new Rule(HttpMethod.DELETE, MP + "/{id}/icon", Permission.DEVELOP),
            new Rule(HttpMethod.POST, MP + "/{id}/versions", Permission.DEVELOP),
            new Rule(HttpMethod.POST, MP + "/{id}/versions/{version}/submit", Permission.DEVELOP),
            new Rule(HttpMethod.POST, MP + "/{id}/versions/{version}/approve", Permission.REVIEW),
            new Rule(HttpMethod.POST, MP + "/{id}/versions/{version}/reject", Permission.REVIEW),
            new Rule(HttpMethod.POST, MP + "/{id}/release", Permission.OPERATE),
            new Rule(HttpMethod.POST, MP + "/{id}/gray-release", Permission.OPERATE),
            new Rule(HttpMethod.PUT, MP + "/{id}/gray-release", Permission.OPERATE),
            new Rule(HttpMethod.DELETE, MP + "/{id}/gray-release", Permission.OPERATE),
            new Rule(HttpMethod.POST, MP + "/{id}/gray-release/promote", Permission.OPERATE),
            new Rule(HttpMethod.POST, MP + "/{id}/rollback", Permission.OPERATE),
            new Rule(HttpMethod.POST, MP + "/{id}/delist", Permission.OPERATE),
            new Rule(HttpMethod.POST, MP + "/{id}/relist", Permission.OPERATE),
            // Host apps, written.
            new Rule(HttpMethod.POST, HOST, Permission.MANAGE_HOST_APPS),
            new Rule(HttpMethod.POST, HOST + "/{id}/secret", Permission.MANAGE_HOST_APPS),
            new Rule(HttpMethod.PUT, HOST + "/{id}/bundle-ids", Permission.MANAGE_HOST_APPS),
            new Rule(HttpMethod.PUT, HOST + "/{id}/domains", Permission.MANAGE_HOST_APPS),
            new Rule(HttpMethod.PUT, HOST + "/{id}/mini-programs/{mpId}", Permission.MANAGE_HOST_APPS),
            new Rule(HttpMethod.DELETE, HOST + "/{id}/mini-programs/{mpId}", Permission.MANAGE_HOST_APPS),
            new Rule(HttpMethod.POST, HOST + "/{id}/custom-apis", Permission.MANAGE_HOST_APPS),
            new Rule(HttpMethod.POST, HOST + "/{id}/menus", Permission.MANAGE_HOST_APPS),
            new Rule(HttpMethod.PUT, HOST + "/{id}/grants/{mpId}", Permission.MANAGE_HOST_APPS),
            // API keys (an owner key needs an owner: the ApiKey aggregate checks that, it knows the key's roles).
            new Rule(HttpMethod.GET, "/api/v1/api-keys", Permission.MANAGE_KEYS),
            new Rule(HttpMethod.POST, "/api/v1/api-keys", Permission.MANAGE_KEYS),
            new Rule(HttpMethod.DELETE, "/api/v1/api-keys/{id}", Permission.MANAGE_KEYS),
            // Custom roles (nobody grants what they do not hold: the TenantRole aggregate checks that).
            new Rule(HttpMethod.GET, "/api/v1/roles", Permission.MANAGE_ROLES),
            new Rule(HttpMethod.POST, "/api/v1/roles", Permission.MANAGE_ROLES),
            new Rule(HttpMethod.PUT, "/api/v1/roles/{name}", Permission.MANAGE_ROLES),
            new Rule(HttpMethod.DELETE, "/api/v1/roles/{name}", Permission.MANAGE_ROLES),
            // Members and the login policy.
            new Rule(HttpMethod.GET, "/api/v1/members", Permission.MANAGE_MEMBERS),
            new Rule(HttpMethod.POST, "/api/v1/members", Permission.MANAGE_MEMBERS),
            new Rule(HttpMethod.PATCH, "/api/v1/members/{id}", Permission.MANAGE_MEMBERS),
            new Rule(HttpMethod.POST, "/api/v1/members/{id}/disable", Permission.MANAGE_MEMBERS),
            new Rule(HttpMethod.DELETE, "/api/v1/members/{id}", Permission.MANAGE_MEMBERS),
            new Rule(HttpMethod.GET, "/api/v1/login-policy", Permission.MANAGE_MEMBERS),
            new Rule(HttpMethod.PUT, "/api/v1/login-policy", Permission.MANAGE_MEMBERS),
            // The operation log and its live feed.
            new Rule(HttpMethod.GET, "/api/v1/audit/events", Permission.AUDIT),
            new Rule(HttpMethod.GET, "/api/v1/audit/export", Permission.AUDIT),
            new Rule(HttpMethod.GET, "/api/v1/audit/verify", Permission.AUDIT),
            new Rule(HttpMethod.GET, "/api/v1/events/stream", Permission.AUDIT),
            // Tenants: the platform operator's, above every tenant.
            new Rule(HttpMethod.GET, "/api/v1/tenants", Permission.MANAGE_TENANTS),
            new Rule(HttpMethod.POST, "/api/v1/tenants", Permission.MANAGE_TENANTS),
            new Rule(HttpMethod.GET, "/api/v1/tenants/{id}", Permission.MANAGE_TENANTS),
            new Rule(HttpMethod.DELETE, "/api/v1/tenants/{id}", Permission.MANAGE_TENANTS),
            new Rule(HttpMethod.POST, "/api/v1/tenants/{id}/suspend", Permission.MANAGE_TENANTS),
            new Rule(HttpMethod.POST, "/api/v1/tenants/{id}/resume", Permission.MANAGE_TENANTS),
            // Running the platform: everything under admin acts on every tenant's read models at once, so it
            // is the platform operator's (ADMINISTER), never a tenant owner's.
            new Rule(null, "/api/v1/admin/**", Permission.ADMINISTER));

    /** A route open to everyone: its body carries the credential it is checked by. */
    public record Open(HttpMethod method, String pattern) {}

    /**
     * Routes anyone may call without a bearer credential: logging in, refreshing and ending a login,
     * accepting an invitation and changing a password (with the current one). Checked before
     * {@link #RULES}.
     */
    public static final List<Open> OPEN = List.of(
            new Open(HttpMethod.POST, "/api/v1/auth/login"),
            new Open(HttpMethod.POST, "/api/v1/auth/refresh"),
            new Open(HttpMethod.POST, "/api/v1/auth/logout"),
            new Open(HttpMethod.POST, "/api/v1/auth/invitations/accept"),
            new Open(HttpMethod.POST, "/api/v1/auth/password"));

    /**
     * Routes every authenticated caller may call, whatever its roles (who the caller is; a member's own
     * second factor, where the handler refuses callers that are not members). Their {@code permission} is only what a
     * refusal names; it is not checked. Checked before {@link #RULES}.
     */
    public static final List<Rule> ANY_CALLER = List.of(
            new Rule(HttpMethod.GET, "/api/v1/me", Permission.READ),
            new Rule(HttpMethod.POST, "/api/v1/auth/second-factor", Permission.READ),
            new Rule(HttpMethod.POST, "/api/v1/auth/second-factor/confirm", Permission.READ),
            new Rule(HttpMethod.DELETE, "/api/v1/auth/second-factor", Permission.READ));

    private RouteRules() {}
}

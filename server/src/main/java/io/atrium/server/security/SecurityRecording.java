package io.atrium.server.security;

import io.atrium.command.security.SecurityLog;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.query.sdk.RefusedSdkRequests;
import io.atrium.query.sdk.SdkHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What the security log learns from the HTTP edge, decided in one place: which route pattern a
 * request matched (from {@link RouteRules}, so a route added there is covered), which reads are
 * sensitive, and who and what a refusal names. {@link SecurityLogFilter} calls it for every WebFlux
 * request under {@code /api} and {@code /sdk}, the manifest's Netty route through
 * {@link RefusedSdkRequests}.
 *
 * <p>A process without the write side (a query-only node in cluster mode) cannot append events: there
 * the same facts go to the application log (logger {@code atrium.security}) and not to the operation
 * log. That gap is stated in docs/architecture.md ("One security path").
 */
@Component
public class SecurityRecording implements RefusedSdkRequests {

    /**
     * Reads of sensitive data (GET, and HEAD which WebFlux answers with the GET handler): the operation
     * log's query, export, chain check and live feed, and the member list.
     */
    static final Set<String> SENSITIVE_READS = Set.of(
            "/api/v1/audit/events",
            "/api/v1/audit/export",
            "/api/v1/audit/verify",
            "/api/v1/events/stream",
            "/api/v1/members");

    private static final Logger APPLICATION_LOG = LoggerFactory.getLogger("atrium.security");
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]{1,200})\"");
    private static final int MAX_PATH = 200;
    /** What a named host app must look like to be recorded as the principal: the header is the client's to choose. */
    private static final Pattern HOST_APP = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private record Route(@Nullable HttpMethod method, PathPattern pattern) {}

    private final @Nullable SecurityLog log;
    private final List<Route> routes = new ArrayList<>();

    public SecurityRecording(ObjectProvider<SecurityLog> log) {
        this.log = log.getIfAvailable();
        PathPatternParser parser = PathPatternParser.defaultInstance;
        for (RouteRules.Rule rule : RouteRules.RULES) {
            routes.add(new Route(rule.method(), parser.parse(rule.pattern())));
        }
        routes.add(new Route(HttpMethod.POST, parser.parse("/sdk/v1/manifest")));
        routes.add(new Route(HttpMethod.GET, parser.parse("/sdk/v1/packages/{mpId}/{version}")));
        routes.add(new Route(HttpMethod.GET, parser.parse("/sdk/v1/platform-key")));
    }

    /**
     * The pattern the request matches: the rule for its method first, then any rule for its path (a
     * method the route does not take), else the path itself, cut to 200 characters.
     */
    String route(HttpMethod method, String path) {
        String matched = matchedRoute(method, path);
        if (matched != null) {
            return matched;
        }
        return path.length() <= MAX_PATH ? path : path.substring(0, MAX_PATH);
    }

    /** The pattern the request matches, as {@link #route} finds it; null when it matches none. */
    @Nullable
    String matchedRoute(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        HttpMethod as = method == HttpMethod.HEAD ? HttpMethod.GET : method;
        String anyMethod = null;
        for (Route route : routes) {
            if (route.pattern().matches(container)) {
                if (route.method() == null || route.method() == as) {
                    return route.pattern().getPatternString();
                }
                if (anyMethod == null) {
                    anyMethod = route.pattern().getPatternString();
                }
            }
        }
        return anyMethod;
    }

    boolean sensitive(HttpMethod method, String route) {
        return (method == HttpMethod.GET || method == HttpMethod.HEAD) && SENSITIVE_READS.contains(route);
    }

    /**
     * A 401 or 403 was answered.
     *
     * @param body      the start of the answer's body (its problem type is read from it), or null
     * @param caller    the authenticated caller (a 403), or null
     * @param principal who else the request names when no caller is known (the SDK's host app), or null
     */
    void refused(
            HttpMethod method,
            String path,
            int status,
            @Nullable String body,
            @Nullable Caller caller,
            @Nullable String principal,
            String clientAddress,
            @Nullable String correlationId) {
        String matched = matchedRoute(method, path);
        String route = matched != null ? matched : route(method, path);
        String problemType = "";
        if (body != null) {
            Matcher type = TYPE.matcher(body);
            if (type.find()) {
                problemType = type.group(1);
            }
        }
        String who = caller != null ? principal(caller) : principal;
        TenantId tenant = caller != null ? caller.tenant() : null;
        SecurityLog target = log;
        if (target == null) {
            APPLICATION_LOG.info(
                    "refused {} {} {} {} principal={} client={} (not in the operation log: no write side here)",
                    status,
                    method.name(),
                    route,
                    problemType,
                    who,
                    clientAddress);
            return;
        }
        target.refused(new SecurityLog.Refusal(
                clientAddress, method.name(), route, status, problemType, tenant, who, correlationId, matched != null));
    }

    /** A sensitive read was answered with a success. */
    void sensitiveRead(
            HttpMethod method,
            String route,
            @Nullable String query,
            Caller caller,
            String clientAddress,
            @Nullable String correlationId) {
        SecurityLog target = log;
        if (target == null) {
            APPLICATION_LOG.info(
                    "read {} {} principal={} client={} (not in the operation log: no write side here)",
                    method.name(),
                    route,
                    principal(caller),
                    clientAddress);
            return;
        }
        target.sensitiveRead(new SecurityLog.SensitiveRead(
                clientAddress,
                method.name(),
                route,
                query,
                caller.tenant(),
                caller.actor(),
                principal(caller),
                correlationId));
    }

    /** The manifest's Netty route refused a request. */
    @Override
    public void refused(
            String method, String path, String clientAddress, @Nullable String hostApp, SdkHandler.Reply reply) {
        byte[] body = reply.body();
        refused(
                HttpMethod.valueOf(method),
                path,
                reply.status(),
                new String(body, 0, Math.min(body.length, 2048), StandardCharsets.UTF_8),
                null,
                hostAppPrincipal(hostApp),
                clientAddress,
                null);
    }

    /** The principal an SDK request names: its X-Atrium-App, when it looks like a host app id at all. */
    static @Nullable String hostAppPrincipal(@Nullable String header) {
        return header == null || !HOST_APP.matcher(header).matches() ? null : "host-app:" + header;
    }

    private static String principal(Caller caller) {
        return caller.keyId() != null ? caller.keyId().value() : caller.actor().value();
    }
}

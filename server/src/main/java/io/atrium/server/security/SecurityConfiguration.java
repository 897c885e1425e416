package io.atrium.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.command.access.ApiKeyAuthenticator;
import io.atrium.command.access.TenantGate;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.member.MemberAuthenticator;
import io.atrium.command.tenant.TenantState;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.query.access.QueryKeys;
import io.atrium.query.access.QueryMemberTokens;
import io.atrium.query.access.QueryRoles;
import io.atrium.query.access.TenantStates;
import io.atrium.query.sdk.HostAuthenticator;
import io.atrium.query.sdk.TenantStatus;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spring Security for every side of the platform, configured once. {@code /api/**} is stateless:
 * a bearer key authenticates each request (no session, no cookie, so no CSRF token either) and the
 * route's rule in {@link RouteRules} authorizes it; anything not listed is refused. The SDK paths
 * and the public documents (OpenAPI, health) have chains of their own.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

    /**
     * Where keys are looked up. A node that runs the write side asks the write side's key table,
     * which evicts a revoked key the moment the revocation commits, for reads as well as writes; a
     * read-only node asks the read model (up to {@link QueryKeys#CACHE_TTL} behind another node).
     */
    @Bean
    KeyLookup keyLookup(
            ObjectProvider<ApiKeyAuthenticator> writeSide,
            ObjectProvider<TenantGate> tenants,
            ObjectProvider<MemberAuthenticator> members,
            ObjectProvider<CommandDispatcher> dispatcher,
            ObjectProvider<QueryKeys> readSide,
            ObjectProvider<TenantStates> readTenants,
            ObjectProvider<QueryMemberTokens> readSideMembers,
            @Qualifier("readModelClient") ObjectProvider<DatabaseClient> projectionsReadModel) {
        ApiKeyAuthenticator authenticator = writeSide.getIfAvailable();
        if (authenticator != null) {
            CommandDispatcher commands = dispatcher.getObject();
            TenantGate gate = tenants.getObject();
            MemberAuthenticator memberTokens = members.getObject();
            return key -> {
                Mono<Optional<Caller>> found;
                if (MemberAuthenticator.isAccessToken(key)) {
                    // A member's access token: checked on every request (expiry, session, member status).
                    found = commands.onCommandThread(() -> memberTokens.authenticate(key));
                } else {
                    Optional<Caller> cached = authenticator.cached(key);
                    // A cache miss reads the database: off the event loop, on the command threads.
                    found = cached != null
                            ? Mono.just(cached)
                            : commands.onCommandThread(() -> authenticator.authenticate(key));
                }
                return found.flatMap(caller -> caller.isEmpty()
                        ? Mono.just(caller)
                        : activeTenant(gate, caller.get()).thenReturn(caller));
            };
        }
        QueryKeys keys = readSide.getIfAvailable();
        TenantStates states = readTenants.getIfAvailable();
        if (keys != null && states != null) {
            // A node without the write side checks a member's access token against the read model, on
            // every request (the members projection's lag behind a logout or disabling elsewhere).
            QueryMemberTokens memberTokens = readSideMembers.getObject();
            return activeTenantOnly(
                    key -> MemberAuthenticator.isAccessToken(key) ? memberTokens.find(key) : keys.find(key), states);
        }
        // A projections node of its own (cluster mode) serves only the admin endpoints: it checks keys
        // against the read model it writes, like a query node.
        DatabaseClient readModel = projectionsReadModel.getIfAvailable();
        if (readModel == null) {
            throw new IllegalStateException("no side in this process can authenticate API keys");
        }
        QueryRoles roles = new QueryRoles(readModel);
        QueryKeys projectionKeys = new QueryKeys(readModel, roles);
        QueryMemberTokens projectionMembers = new QueryMemberTokens(readModel, java.time.Clock.systemUTC(), roles);
        return key -> MemberAuthenticator.isAccessToken(key) ? projectionMembers.find(key) : projectionKeys.find(key);
    }

    /**
     * Credentials as a node without the write side checks them: {@code lookup} against the read model,
     * then the caller's tenant's state as the read side's copy holds it.
     */
    static KeyLookup activeTenantOnly(KeyLookup lookup, TenantStates states) {
        return key -> lookup.find(key).flatMap(caller -> {
            String inactive = caller.map(c -> states.inactiveState(c.tenant())).orElse(null);
            return inactive == null
                    ? Mono.just(caller)
                    : Mono.error(
                            new Refusals.TenantRefused(caller.get().tenant().value(), inactive.equals("deleted")));
        });
    }

    /**
     * Refuses a caller whose tenant is suspended or deleted, however valid its key: the one place a
     * tenant's state stops its credentials, on the next request after the change commits.
     */
    private static Mono<Void> activeTenant(TenantGate gate, Caller caller) {
        TenantState state = gate.stateOf(caller.tenant());
        return state == TenantState.ACTIVE
                ? Mono.empty()
                : Mono.error(new Refusals.TenantRefused(caller.tenant().value(), state == TenantState.DELETED));
    }

    /**
     * A tenant's state for the SDK: where the write side runs in this process, its {@link TenantGate}
     * (from memory, current on commit); on a query node without it, the read side's copy of
     * {@code tenant_view} (from memory, re-read every {@link TenantStates#REFRESH}).
     */
    @Bean
    TenantStatus tenantStatus(ObjectProvider<TenantGate> tenants, ObjectProvider<TenantStates> readTenants) {
        TenantGate gate = tenants.getIfAvailable();
        if (gate == null) {
            TenantStates states = readTenants.getIfAvailable();
            if (states == null) {
                return TenantStatus.ALL_ACTIVE;
            }
            return tenant -> {
                String inactive = states.inactiveState(new TenantId(tenant));
                return inactive == null
                        ? null
                        : new Refusals.TenantRefused(tenant, inactive.equals("deleted")).getMessage();
            };
        }
        return tenant -> {
            TenantState state = gate.stateOf(new TenantId(tenant));
            return state == TenantState.ACTIVE
                    ? null
                    : new Refusals.TenantRefused(tenant, state == TenantState.DELETED).getMessage();
        };
    }

    @Bean
    Refusals refusals(ObjectMapper json) {
        return new Refusals(json);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain apiSecurity(
            ServerHttpSecurity http,
            KeyLookup keys,
            Refusals refusals,
            ObjectProvider<RequestMappingInfoHandlerMapping> handlerMappings) {
        BearerKeys bearer = new BearerKeys(keys);
        AuthenticationWebFilter authentication = new AuthenticationWebFilter(bearer);
        authentication.setServerAuthenticationConverter(bearer);
        authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        authentication.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(refusals));
        authentication.setAuthenticationSuccessHandler((filterExchange, auth) -> {
            // Handlers take the caller as a parameter (CallerArgumentResolver reads it from here).
            filterExchange
                    .getExchange()
                    .getAttributes()
                    .put(Caller.ATTRIBUTE, ((BearerKeys.KeyCaller) auth).getPrincipal());
            return filterExchange.getChain().filter(filterExchange.getExchange());
        });
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.disable())
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                // Reads answer ETags and let clients revalidate; Spring Security's no-store would forbid that.
                .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable))
                .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .authorizeExchange(exchanges -> {
                    for (RouteRules.Open open : RouteRules.OPEN) {
                        // Their body carries the credential (a password, a refresh or invitation token).
                        exchanges.pathMatchers(open.method(), open.pattern()).permitAll();
                    }
                    for (RouteRules.Rule rule : RouteRules.ANY_CALLER) {
                        exchanges.pathMatchers(rule.method(), rule.pattern()).authenticated();
                        if (rule.method() == HttpMethod.GET) {
                            // WebFlux answers HEAD with the GET handler: the same rule holds for it.
                            exchanges
                                    .pathMatchers(HttpMethod.HEAD, rule.pattern())
                                    .authenticated();
                        }
                    }
                    for (RouteRules.Rule rule : RouteRules.RULES) {
                        (rule.method() == null
                                        ? exchanges.pathMatchers(rule.pattern())
                                        : exchanges.pathMatchers(rule.method(), rule.pattern()))
                                .access(grants(rule));
                        if (rule.method() == HttpMethod.GET) {
                            // WebFlux answers HEAD with the GET handler: the same rule holds for it.
                            exchanges
                                    .pathMatchers(HttpMethod.HEAD, rule.pattern())
                                    .access(grants(rule));
                        }
                    }
                    exchanges.anyExchange().access(unlisted(handlerMappings));
                })
                .build();
    }

    /**
     * The SDK's routes, authenticated by host signature. Kept lean for the host apps' launch path: no
     * session, no request cache, no header writers. (The manifest itself is normally answered by its
     * Netty route ahead of WebFlux, which calls the same {@link HostAuthenticator} and {@link Refusals}.)
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityWebFilterChain sdkSecurity(
            ServerHttpSecurity http, ObjectProvider<HostAuthenticator> hosts, Refusals refusals) {
        ServerAuthenticationEntryPoint entryPoint = refusals.sdk();
        // Without the read side in this process there are no SDK routes, and nothing under /sdk/ authenticates.
        HostSignaturesMechanism mechanism = new HostSignaturesMechanism(hosts.getIfAvailable());
        AuthenticationWebFilter authentication = new AuthenticationWebFilter(mechanism);
        authentication.setServerAuthenticationConverter(mechanism);
        authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        authentication.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(entryPoint));
        authentication.setAuthenticationSuccessHandler((filterExchange, auth) -> {
            filterExchange
                    .getExchange()
                    .getAttributes()
                    .put(HostAuthenticator.HOST, ((HostSignaturesMechanism.SignedHost) auth).getPrincipal());
            return filterExchange.getChain().filter(filterExchange.getExchange());
        });
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/sdk/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.disable())
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(refusals))
                .authorizeExchange(exchanges -> exchanges
                        // Public: a host pins this key before it has anything to sign with.
                        .pathMatchers(HttpMethod.GET, "/sdk/v1/platform-key")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, "/sdk/v1/manifest")
                        .authenticated()
                        .pathMatchers(HttpMethod.GET, "/sdk/v1/packages/{mpId}/{version}")
                        .authenticated()
                        .anyExchange()
                        .denyAll())
                .build();
    }

    /** The rest (OpenAPI, Swagger UI, health) is public, as it was. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityWebFilterChain publicSecurity(ServerHttpSecurity http) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.disable())
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .build();
    }

    /**
     * A request no rule matches: refused when it would reach a handler (an endpoint someone forgot to
     * list must not be open), let through to be answered 404 or 405 by the dispatcher when it would
     * not. Either way the caller must be authenticated, so unknown paths reveal nothing to strangers.
     */
    private static ReactiveAuthorizationManager<AuthorizationContext> unlisted(
            ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
        return (authentication, context) -> authentication
                .filter(Authentication::isAuthenticated)
                .flatMap(auth -> Flux.fromStream(mappings::orderedStream)
                        .concatMap(mapping ->
                                mapping.getHandler(context.getExchange()).onErrorResume(e -> Mono.empty()))
                        .hasElements()
                        .map(handled -> !handled))
                .defaultIfEmpty(false)
                .map(AuthorizationDecision::new);
    }

    private static ReactiveAuthorizationManager<AuthorizationContext> grants(RouteRules.Rule rule) {
        return (authentication, context) -> {
            context.getExchange().getAttributes().put(Refusals.WANTED, rule.permission());
            return authentication
                    .filter(Authentication::isAuthenticated)
                    .map(auth -> auth.getPrincipal() instanceof Caller caller && caller.holds(rule.permission()))
                    .defaultIfEmpty(false)
                    .map(AuthorizationDecision::new);
        };
    }
}

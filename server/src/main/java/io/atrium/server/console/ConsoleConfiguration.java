package io.atrium.server.console;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the console: {@code /console} opens its page, and its scripts, styles and messages are the
 * console module's static files under {@code /console/}. The page is public (it holds no data); every
 * datum it shows comes from {@code /api/**} with the signed-in caller's bearer token, so the console
 * can never do what the API would refuse.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class ConsoleConfiguration {

    /**
     * No inline script or style and nothing from another origin: the console keeps its tokens in the
     * tab's session storage, and this policy is what keeps an injected string from reading them.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final Resource PAGE = new ClassPathResource("static/console/index.html");

    @Bean
    RouterFunction<ServerResponse> consoleRoutes() {
        return RouterFunctions.route(
                        RequestPredicates.GET("/console"),
                        request -> ServerResponse.permanentRedirect(URI.create("/console/"))
                                .build())
                .andRoute(
                        RequestPredicates.GET("/console/"),
                        request -> ServerResponse.ok()
                                .contentType(MediaType.TEXT_HTML)
                                .bodyValue(PAGE));
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 2)
    SecurityWebFilterChain consoleSecurity(ServerHttpSecurity http) {
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/console", "/console/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.disable())
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer ->
                                referrer.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER)))
                // Spring Security's no-cache, no-store stays on: the modules' names carry no version,
                // and a browser's heuristic cache could run an old module under a new page after an
                // upgrade. The console is small; fetching it again costs little.
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .build();
    }
}

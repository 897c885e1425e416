package io.atrium.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Starts Atrium. */
// Keys are API keys (io.atrium.server.security), not users: Boot's generated in-memory user would only be a
// password printed in the log.
@SpringBootApplication(exclude = ReactiveUserDetailsServiceAutoConfiguration.class)
@Import(Roles.Configurations.class)
public class AtriumApplication implements WebFluxConfigurer {

    /** Every side's handlers may take the authenticated caller as a parameter. */
    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new CallerArgumentResolver());
    }

    /** Path ids are typed; malformed ones are refused in one place (PathIds). */
    @Override
    public void addFormatters(FormatterRegistry registry) {
        PathIds.register(registry);
    }

    public static void main(String[] args) {
        // Axon's update checker would report to AxonIQ's servers; a self-hosted platform must not phone home.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(AtriumApplication.class, args);
    }
}

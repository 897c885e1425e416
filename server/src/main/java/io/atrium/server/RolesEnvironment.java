package io.atrium.server;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps infrastructure of sides that are off from starting anyway: without the write side there is
 * no event-store database, so neither Spring's nor Axon's JDBC auto-configuration may invent one.
 */
public class RolesEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!Roles.of(environment).contains(Roles.COMMAND)) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            "atrium-roles",
                            Map.of(
                                    "spring.autoconfigure.exclude",
                                    String.join(
                                            ",",
                                            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
                                            "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration"))));
        }
    }
}

package io.atrium.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The probe groups as the shipped application.yml defines them: liveness is the process alone, and
 * readiness names every dependency indicator a role can register (a new one left out of the group would
 * never make a node unready).
 */
class HealthGroupsTest {

    @Test
    void livenessIncludesNoDependency() throws IOException {
        Binder binder = shippedConfiguration();
        List<String> liveness = group(binder, "liveness");

        assertThat(liveness).containsExactly("livenessState");
        assertThat(liveness).doesNotContainAnyElementsOf(dependencyIndicators());
        assertThat(liveness).doesNotContain("db", "kurrentDb", "readinessState");
    }

    @Test
    void readinessIncludesEveryDependencyIndicatorARoleRegisters() throws IOException {
        Binder binder = shippedConfiguration();
        List<String> readiness = group(binder, "readiness");

        assertThat(readiness).contains("readinessState", "db", "kurrentDb");
        assertThat(readiness).containsAll(dependencyIndicators());
        assertThat(readiness).doesNotContain("livenessState");
        assertThat(binder.bind("management.endpoint.health.probes.enabled", Boolean.class)
                        .get())
                .isTrue();
    }

    /** The names Boot gives the indicators ReadinessContributors declares: the bean name less its suffix. */
    private static List<String> dependencyIndicators() {
        List<String> names = new ArrayList<>();
        for (Class<?> role : ReadinessContributors.class.getDeclaredClasses()) {
            for (Method method : role.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Bean.class) && method.getName().endsWith("HealthIndicator")) {
                    names.add(method.getName().substring(0, method.getName().length() - "HealthIndicator".length()));
                }
            }
        }
        assertThat(names)
                .contains("readModel", "queryReadModel", "manifestSnapshot", "projectionLag", "kafka", "searchIndex");
        return names;
    }

    private static List<String> group(Binder binder, String name) {
        String include = binder.bind("management.endpoint.health.group." + name + ".include", Bindable.of(String.class))
                .get();
        return Stream.of(include.split(",")).map(String::strip).toList();
    }

    private static Binder shippedConfiguration() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        List<PropertySource<?>> sources =
                new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
        sources.forEach(environment.getPropertySources()::addLast);
        return new Binder(ConfigurationPropertySources.get(environment));
    }
}

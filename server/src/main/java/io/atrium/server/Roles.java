package io.atrium.server;

import io.atrium.command.CommandSideConfiguration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code atrium.roles}: which sides this process runs, comma-separated, {@code all} by default.
 * This build has one side, {@code command} (the write side); asking for a side it does not have
 * stops the start with a message rather than silently running less than asked.
 */
public final class Roles {

    public static final String PROPERTY = "atrium.roles";
    public static final String COMMAND = "command";
    static final List<String> AVAILABLE = List.of(COMMAND);

    private Roles() {
    }

    /** The sides the environment asks for, checked. */
    public static Set<String> of(Environment environment) {
        String raw = environment.getProperty(PROPERTY, "all");
        Set<String> roles = Arrays.stream(raw.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (roles.isEmpty() || roles.remove("all")) {
            roles.addAll(AVAILABLE);
        }
        for (String role : roles) {
            if (!AVAILABLE.contains(role)) {
                throw new IllegalStateException(PROPERTY + " names '" + role + "', which this build does not have (available: all, "
                        + String.join(", ", AVAILABLE) + ")");
            }
        }
        return roles;
    }

    static final class CommandRole implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(COMMAND);
        }
    }

    /** Imports each side's configuration when its role is on. */
    @Configuration(proxyBeanMethods = false)
    static class Configurations {

        @Configuration(proxyBeanMethods = false)
        @Conditional(CommandRole.class)
        @Import(CommandSideConfiguration.class)
        static class Command {
        }
    }
}

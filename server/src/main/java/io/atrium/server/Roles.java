package io.atrium.server;

import io.atrium.command.CommandSideConfiguration;
import io.atrium.projections.ProjectionsConfiguration;
import io.atrium.query.QuerySideConfiguration;
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
 * This build has {@code command} (the write side), {@code projections} (the read models; in this
 * build they read the event store in the same process, so they need {@code command} beside them) and
 * {@code query} (the read API, which needs only the read-model database).
 * Asking for a side it does not have stops the start with a message rather than silently running
 * less than asked.
 */
public final class Roles {

    public static final String PROPERTY = "atrium.roles";
    public static final String COMMAND = "command";
    public static final String PROJECTIONS = "projections";
    public static final String QUERY = "query";
    static final List<String> AVAILABLE = List.of(COMMAND, PROJECTIONS, QUERY);

    private Roles() {}

    /** The sides the environment asks for, checked. */
    public static Set<String> of(Environment environment) {
        String raw = environment.getProperty(PROPERTY, "all");
        Set<String> roles = Arrays.stream(raw.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (roles.isEmpty() || roles.remove("all")) {
            roles.addAll(AVAILABLE);
        }
        for (String role : roles) {
            if (!AVAILABLE.contains(role)) {
                throw new IllegalStateException(PROPERTY + " names '" + role
                        + "', which this build does not have (available: all, " + String.join(", ", AVAILABLE) + ")");
            }
        }
        if (roles.contains(PROJECTIONS) && !roles.contains(COMMAND)) {
            throw new IllegalStateException(
                    PROPERTY + ": 'projections' needs 'command' in the same process in this build "
                            + "(the Kafka feed for separate projection nodes is not built yet)");
        }
        return roles;
    }

    static final class CommandRole implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(COMMAND);
        }
    }

    static final class ProjectionsRole implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(PROJECTIONS);
        }
    }

    static final class QueryRole implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(QUERY);
        }
    }

    /** Imports each side's configuration when its role is on. */
    @Configuration(proxyBeanMethods = false)
    static class Configurations {

        @Configuration(proxyBeanMethods = false)
        @Conditional(CommandRole.class)
        @Import(CommandSideConfiguration.class)
        static class Command {}

        @Configuration(proxyBeanMethods = false)
        @Conditional(ProjectionsRole.class)
        @Import({
            ProjectionsConfiguration.class,
            io.atrium.search.crawler.CrawlerConfiguration.class,
            io.atrium.server.search.SearchAdapters.class,
            io.atrium.server.projections.ProjectionAdapters.class
        })
        static class Projections {}

        @Configuration(proxyBeanMethods = false)
        @Conditional(QueryRole.class)
        @Import({
            QuerySideConfiguration.class,
            io.atrium.server.sdk.SdkAdapters.class,
            io.atrium.search.SearchIndexConfiguration.class
        })
        static class Query {}
    }
}

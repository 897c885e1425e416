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
 * {@code atrium.roles}: which sides this process runs, comma-separated, {@code all} by default:
 * {@code command} (the write side), {@code projections} (the read models) and {@code query} (the read
 * API, which needs only the read-model database).
 * <p>
 * {@code atrium.event-feed.kind} says where projections read events: {@code in-process} (the default,
 * a single node: the event store in this process, so {@code command} must run beside them) or
 * {@code kafka} (cluster mode: command nodes relay the store to a topic and projections read it, so
 * each side can run on nodes of its own). Cluster mode searches on Elasticsearch: the embedded Lucene
 * index lives in one node's files.
 * <p>
 * Asking for something this build cannot do stops the start with a message rather than silently
 * running less than asked.
 */
public final class Roles {

    public static final String PROPERTY = "atrium.roles";
    public static final String COMMAND = "command";
    public static final String PROJECTIONS = "projections";
    public static final String QUERY = "query";
    static final List<String> AVAILABLE = List.of(COMMAND, PROJECTIONS, QUERY);
    public static final String FEED_PROPERTY = "atrium.event-feed.kind";
    public static final String IN_PROCESS = "in-process";
    public static final String KAFKA = "kafka";
    public static final String STORE_PROPERTY = "atrium.event-store.kind";
    public static final String KURRENTDB = "kurrentdb";

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
        String feed = feed(environment);
        if (roles.contains(PROJECTIONS) && !roles.contains(COMMAND) && !feed.equals(KAFKA)) {
            throw new IllegalStateException(PROPERTY + ": 'projections' without 'command' reads events from Kafka: set "
                    + FEED_PROPERTY + "=kafka (and atrium.kafka.bootstrap-servers), or run 'command' in this process");
        }
        if (feed.equals(KAFKA)
                && (roles.contains(PROJECTIONS) || roles.contains(QUERY))
                && "lucene"
                        .equalsIgnoreCase(environment
                                .getProperty("atrium.search.index", "lucene")
                                .strip())) {
            throw new IllegalStateException("cluster mode (" + FEED_PROPERTY + "=kafka) searches on Elasticsearch: "
                    + "the embedded Lucene index lives in one node's files and the other nodes would never see it. "
                    + "Set atrium.search.index=elasticsearch and atrium.search.elasticsearch.url");
        }
        return roles;
    }

    /** {@code atrium.event-feed.kind}, checked. */
    public static String feed(Environment environment) {
        String feed = environment.getProperty(FEED_PROPERTY, IN_PROCESS).strip().toLowerCase(Locale.ROOT);
        if (!feed.equals(IN_PROCESS) && !feed.equals(KAFKA)) {
            throw new IllegalStateException(FEED_PROPERTY + " is '" + feed + "'; it takes " + IN_PROCESS
                    + " (one node) or " + KAFKA + " (cluster mode)");
        }
        return feed;
    }

    public static final class CommandRole implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(COMMAND);
        }
    }

    public static final class ProjectionsRole implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(PROJECTIONS);
        }
    }

    public static final class QueryRole implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(QUERY);
        }
    }

    /** The relay runs on command nodes in cluster mode. */
    public static final class CommandRoleOnKafka implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(COMMAND)
                    && feed(context.getEnvironment()).equals(KAFKA);
        }
    }

    /** Projections read the topic in cluster mode. */
    public static final class ProjectionsRoleOnKafka implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(PROJECTIONS)
                    && feed(context.getEnvironment()).equals(KAFKA);
        }
    }

    /** Query nodes take the live feed's signal from the topic in cluster mode. */
    public static final class QueryRoleOnKafka implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(QUERY)
                    && feed(context.getEnvironment()).equals(KAFKA);
        }
    }

    /** Whether events live in KurrentDB ({@code atrium.event-store.kind=kurrentdb}). */
    public static boolean onKurrentDb(Environment environment) {
        return KURRENTDB.equalsIgnoreCase(
                environment.getProperty(STORE_PROPERTY, "h2").strip());
    }

    public static final class CommandRoleOnKurrentDb implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).contains(COMMAND) && onKurrentDb(context.getEnvironment());
        }
    }

    public static final class ProjectionsBesideCommand implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Set<String> roles = of(context.getEnvironment());
            return roles.contains(PROJECTIONS) && roles.contains(COMMAND);
        }
    }

    public static final class ProjectionsAlone implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Set<String> roles = of(context.getEnvironment());
            return roles.contains(PROJECTIONS) && !roles.contains(COMMAND);
        }
    }

    /** Imports each side's configuration when its role is on. */
    @Configuration(proxyBeanMethods = false)
    static class Configurations {

        @Configuration(proxyBeanMethods = false)
        @Conditional(CommandRole.class)
        @Import({CommandSideConfiguration.class, io.atrium.server.compiler.ScriptCompilers.class})
        static class Command {}

        /** Events in KurrentDB: its engine and its feed replace the JDBC ones (the feed serves the relay too). */
        @Configuration(proxyBeanMethods = false)
        @Conditional(CommandRoleOnKurrentDb.class)
        @Import(io.atrium.kurrentdb.KurrentDbConfiguration.class)
        static class KurrentDb {}

        @Configuration(proxyBeanMethods = false)
        @Conditional(ProjectionsRole.class)
        @Import({
            ProjectionsConfiguration.class,
            io.atrium.search.crawler.CrawlerConfiguration.class,
            io.atrium.server.search.SearchAdapters.class
        })
        static class Projections {}

        /** Skips of poison events go to the event store this process holds... */
        @Configuration(proxyBeanMethods = false)
        @Conditional(ProjectionsBesideCommand.class)
        @Import(io.atrium.server.projections.ProjectionAdapters.class)
        static class SkipsBesideCommand {}

        /** ...or, on a projections node of its own, to the event store's database. */
        @Configuration(proxyBeanMethods = false)
        @Conditional(ProjectionsAlone.class)
        @Import(io.atrium.server.projections.ProjectionNodeSkipLog.class)
        static class SkipsAlone {}

        @Configuration(proxyBeanMethods = false)
        @Conditional(CommandRoleOnKafka.class)
        @Import(io.atrium.cluster.RelayConfiguration.class)
        static class Relay {}

        @Configuration(proxyBeanMethods = false)
        @Conditional(ProjectionsRoleOnKafka.class)
        @Import(io.atrium.cluster.KafkaFeedConfiguration.class)
        static class KafkaFeed {}

        @Configuration(proxyBeanMethods = false)
        @Conditional(QueryRoleOnKafka.class)
        @Import(io.atrium.server.cluster.QueryNodeAdapters.class)
        static class QueryOnKafka {}

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

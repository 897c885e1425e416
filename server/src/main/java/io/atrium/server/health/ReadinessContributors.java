package io.atrium.server.health;

import io.atrium.cluster.ClusterSettings;
import io.atrium.cluster.kafka.KafkaProbe;
import io.atrium.projections.runner.ProjectionRunners;
import io.atrium.server.Roles;
import io.r2dbc.pool.ConnectionPool;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The health indicators readiness is made of, each registered only on the nodes whose role needs it.
 * The readiness group (application.yml) names all of them; a node has only those its roles registered,
 * so its readiness holds exactly what it needs:
 * <ul>
 *   <li>{@code db} (the event store's SQL database, on a connection beside the pool) and {@code kurrentDb} (on KurrentDB):
 *       where the write side runs;
 *   <li>{@code readModel} and {@code projectionLag}: where projections run; {@code kafka} too when they
 *       read the topic (cluster mode);
 *   <li>{@code queryReadModel} and {@code manifestSnapshot} (the SDK's snapshot has been read once): where the
 *       read API runs;
 *   <li>{@code searchIndex}: where projections or the read API run on Elasticsearch.
 * </ul>
 * Kafka is not in a command node's readiness: the store is the log of record and the relay catches the
 * topic up when Kafka returns, so commands need not stop. Nor in a query node's: it takes only the live
 * feed's signal from the topic, and every read is answered from the read model.
 * Bean names end in {@code HealthIndicator}; Boot names each indicator by what precedes it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthProperties.class)
public class ReadinessContributors {

    /**
     * The write side's checks: {@code db}, the event store's SQL database (in place of Boot's, which
     * borrows from the commands' pool; see {@link EventStoreHealth}), and the KurrentDB module's
     * {@code kurrentDb}.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(Roles.CommandRole.class)
    static class Command {

        /** Named so that Boot's own {@code db} check backs off. */
        @Bean
        org.springframework.boot.actuate.health.HealthIndicator dbHealthIndicator(
                javax.sql.DataSource eventStoreDataSource, HealthProperties properties) {
            return new EventStoreHealth(eventStoreDataSource, properties.timeout());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(Roles.ProjectionsRole.class)
    static class Projections {

        @Bean
        ReactiveHealthIndicator readModelHealthIndicator(
                @Qualifier("readModelConnections") ConnectionPool readModelConnections, HealthProperties properties) {
            return new ReadModelHealth(readModelConnections, properties.timeout());
        }

        @Bean
        @ConditionalOnExpression("${atrium.health.max-projection-lag:10000} >= 0")
        HealthIndicator projectionLagHealthIndicator(ProjectionRunners projectionRunners, HealthProperties properties) {
            return new ProjectionLagHealth(projectionRunners, properties.maxProjectionLag());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(Roles.ProjectionsRoleOnKafka.class)
    static class ProjectionsOnKafka {

        @Bean(destroyMethod = "close")
        KafkaProbe kafkaProbe(Environment environment) {
            return new KafkaProbe(ClusterSettings.from(environment).topic());
        }

        @Bean
        HealthIndicator kafkaHealthIndicator(KafkaProbe kafkaProbe, HealthProperties properties) {
            return new KafkaHealth(kafkaProbe, properties.timeout());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(Roles.QueryRole.class)
    static class Query {

        @Bean
        ReactiveHealthIndicator queryReadModelHealthIndicator(
                @Qualifier("queryConnections") ConnectionPool queryConnections, HealthProperties properties) {
            return new ReadModelHealth(queryConnections, properties.timeout());
        }

        /**
         * Down until the SDK's snapshot of host apps and mini-programs has been read once: a query node
         * that starts before any projections node has created the read model knows no host app yet,
         * and would refuse every SDK request as signed by an unknown host.
         */
        @Bean
        HealthIndicator manifestSnapshotHealthIndicator(io.atrium.query.sdk.ManifestSnapshot snapshot) {
            return () -> snapshot.loaded()
                    ? org.springframework.boot.actuate.health.Health.up().build()
                    : org.springframework.boot.actuate.health.Health.down()
                            .withDetail("error", "the read model could not be read yet")
                            .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(SearchesOnElasticsearch.class)
    static class Search {

        @Bean
        HealthIndicator searchIndexHealthIndicator(
                @Value("${atrium.search.elasticsearch.url:http://127.0.0.1:9200}") String url,
                HealthProperties properties) {
            return new ElasticsearchHealth(url, properties.timeout());
        }
    }

    /** Projections (the indexer writes) or the read API (search reads) on Elasticsearch. */
    static final class SearchesOnElasticsearch implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            Set<String> roles = Roles.of(environment);
            return (roles.contains(Roles.PROJECTIONS) || roles.contains(Roles.QUERY))
                    && "elasticsearch"
                            .equals(environment
                                    .getProperty("atrium.search.index", "lucene")
                                    .strip()
                                    .toLowerCase(Locale.ROOT));
        }
    }
}

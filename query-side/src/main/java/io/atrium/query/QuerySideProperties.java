package io.atrium.query;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the read side.
 *
 * @param dataDir        where the embedded read-model file is (shared with the projections)
 * @param readModel      how to reach the read-model database (same keys the projections use)
 * @param query          read-your-writes waiting and paging
 */
@ConfigurationProperties(prefix = "atrium")
public record QuerySideProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue ReadModel readModel,
        @DefaultValue Query query) {

    public record ReadModel(
            @DefaultValue("h2") String kind,
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("3306") int port,
            @DefaultValue("atrium_read") String database,
            @DefaultValue("root") String username,
            @DefaultValue("") String password,
            @DefaultValue("8") int poolSize) {}

    /**
     * @param minPositionWait how long {@code ?minPosition=} waits for the read model before answering 503
     * @param maxPageSize     the largest page a list answers
     */
    public record Query(
            @DefaultValue("5s") Duration minPositionWait,
            @DefaultValue("100") int maxPageSize) {}
}

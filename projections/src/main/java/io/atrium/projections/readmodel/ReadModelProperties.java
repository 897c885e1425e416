package io.atrium.projections.readmodel;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the read models live.
 *
 * @param dataDir   the embedded default keeps its H2 file under {@code <dataDir>/readmodel}
 * @param readModel {@code kind}: {@code h2} (default) or {@code mysql} (MySQL/MariaDB through r2dbc-mysql)
 */
@ConfigurationProperties(prefix = "atrium")
public record ReadModelProperties(
        @DefaultValue("./data") Path dataDir, @DefaultValue ReadModel readModel) {

    /**
     * @param kind     {@code h2} or {@code mysql}
     * @param host     MySQL host
     * @param port     MySQL port
     * @param database MySQL database (must exist)
     * @param username MySQL user
     * @param password MySQL password
     * @param poolSize R2DBC connections
     */
    public record ReadModel(
            @DefaultValue("h2") String kind,
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("3306") int port,
            @DefaultValue("atrium_read") String database,
            @DefaultValue("root") String username,
            @DefaultValue("") String password,
            @DefaultValue("8") int poolSize) {}
}

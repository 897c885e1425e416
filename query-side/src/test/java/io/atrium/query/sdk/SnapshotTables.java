package io.atrium.query.sdk;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.h2.H2ConnectionOption;
import org.springframework.r2dbc.core.DatabaseClient;

/** The read model's tables as the snapshot reads them, for the snapshot's tests, in an H2 of their own. */
final class SnapshotTables {

    private SnapshotTables() {}

    /** What the projections' migration creates (the columns the snapshot reads). */
    static final String[] DDL = {
        "CREATE TABLE mini_program (id VARCHAR(40) PRIMARY KEY, tenant_id VARCHAR(63), state VARCHAR(16),"
                + " current_version VARCHAR(64), gray_release_id VARCHAR(40), gray_version VARCHAR(64),"
                + " gray_rules LONGTEXT, position BIGINT)",
        "CREATE TABLE mini_program_version (mini_program_id VARCHAR(40), version VARCHAR(64),"
                + " sealed_digest CHAR(64), sealed_size BIGINT, manifest_sha256 CHAR(64),"
                + " manifest_signature VARCHAR(200), signing_key_id VARCHAR(64), wrapped_data_key VARCHAR(400),"
                + " files LONGTEXT)",
        "CREATE TABLE host_app (id VARCHAR(40) PRIMARY KEY, tenant_id VARCHAR(63), secret_generation INT,"
                + " previous_secret_valid_until DATETIME(6), bundle_ids VARCHAR(2000), domains VARCHAR(2000),"
                + " position BIGINT)",
        "CREATE TABLE host_app_mini_program (host_app_id VARCHAR(40), mini_program_id VARCHAR(40),"
                + " api_groups VARCHAR(2000), apis VARCHAR(2000), menus VARCHAR(2000), scopes VARCHAR(2000))"
    };

    /** A new in-memory H2 in MySQL mode, as the read side's tests use it. */
    static DatabaseClient inMemory(String name) {
        return DatabaseClient.create(new H2ConnectionFactory(H2ConnectionConfiguration.builder()
                .inMemory(name + "-" + System.nanoTime())
                .username("sa")
                .password("")
                .property(H2ConnectionOption.MODE, "MySQL")
                .property(H2ConnectionOption.DB_CLOSE_DELAY, "-1")
                .property("DATABASE_TO_LOWER", "TRUE")
                .build()));
    }

    /** Runs each statement, in order. */
    static void run(DatabaseClient db, String... statements) {
        for (String sql : statements) {
            db.sql(sql).then().block();
        }
    }
}

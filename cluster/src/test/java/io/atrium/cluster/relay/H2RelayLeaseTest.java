package io.atrium.cluster.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class H2RelayLeaseTest extends RelayLeaseContract {

    private JdbcTemplate jdbc = new JdbcTemplate();

    @BeforeEach
    void freshDatabase() throws IOException {
        jdbc = new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:mem:relay" + System.nanoTime() + ";MODE=MySQL;DB_CLOSE_DELAY=-1", "sa", ""));
        jdbc.execute(script("db/eventstore/h2/V2__event_relay.sql"));
    }

    @Override
    JdbcTemplate jdbc() {
        return jdbc;
    }

    static String script(String resource) throws IOException {
        try (InputStream in = H2RelayLeaseTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package io.atrium.command.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.jdbc.core.JdbcTemplate;

/** The JDBC event store as the contract sees it: Axon's tables in the database {@code data} reaches. */
public final class JdbcStoreUnderTest implements EventStoreContract.StoreUnderTest {

    private final HikariDataSource data;
    private final JdbcTemplate jdbc;

    public JdbcStoreUnderTest(HikariDataSource data) {
        this.data = data;
        this.jdbc = new JdbcTemplate(data);
    }

    @Override
    public DataSource dataSource() {
        return data;
    }

    @Override
    public EventStorageEngine engine(TransactionManager transactions) {
        return AxonEventStore.engine(
                data, transactions, AxonEventStore.eventSerializer(), AxonEventStore.stateSerializer());
    }

    @Override
    public List<Long> storedSnapshotSequences(String aggregateId) {
        return jdbc.queryForList(
                "SELECT sequence_number FROM snapshot_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                Long.class,
                aggregateId);
    }

    @Override
    public String storedPayload(String aggregateId, long sequence) {
        byte[] payload = jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?",
                byte[].class,
                aggregateId,
                sequence);
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String storedTimestamp(String aggregateId, long sequence) {
        return jdbc.queryForObject(
                "SELECT time_stamp FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?",
                String.class,
                aggregateId,
                sequence);
    }

    @Override
    public void close() {
        data.close();
    }
}

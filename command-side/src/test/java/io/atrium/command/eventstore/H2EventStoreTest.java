package io.atrium.command.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The event-store contract on the embedded H2 file, as single-node mode uses it. */
class H2EventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;

    @Override
    protected HikariDataSource openDatabase() {
        return reopenDatabase();
    }

    @Override
    protected HikariDataSource reopenDatabase() {
        return EventStoreDatabase.open("jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
    }
}

package io.atrium.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.command.eventstore.EventStoreDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The defaults that depend on which event store runs. */
class CommandSidePropertiesTest {

    private static CommandSideProperties with(String kind, Integer threads, Boolean cache) {
        return with(kind, null, threads, cache);
    }

    private static CommandSideProperties with(String kind, String url, Integer threads, Boolean cache) {
        return new CommandSideProperties(
                Path.of("data"),
                new CommandSideProperties.EventStore(
                        kind,
                        url,
                        "root",
                        "",
                        16,
                        50,
                        cache,
                        new CommandSideProperties.EventStore.Kurrentdb("kurrentdb://127.0.0.1:2113?tls=false", 5000)),
                new CommandSideProperties.Packages(1, 1, 1, 1, 1, 1),
                new CommandSideProperties.Commands(threads, 2000, 30, 5000));
    }

    @Test
    void aTimeLimitBelowOneSecondIsRefusedAtStartNotAtEachCommand() {
        assertThatThrownBy(() -> new CommandSideProperties.Commands(null, 2000, 0, 5000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("atrium.commands.timeout-seconds must be at least 1, was 0");
        assertThatThrownBy(() -> new CommandSideProperties.Commands(null, 2000, -1, 5000))
                .hasMessageContaining("was -1");
        assertThat(new CommandSideProperties.Commands(null, 2000, 1, 5000).timeoutSeconds())
                .isEqualTo(1);
    }

    @Test
    void commandThreadsFollowTheStoreUnlessSet() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(with("h2", null, null).commandThreads()).isEqualTo(Math.max(2, 2 * cores));
        assertThat(with("jdbc", null, null).commandThreads()).isEqualTo(16);
        assertThat(with("h2", 7, null).commandThreads()).isEqualTo(7);
        assertThat(with("jdbc", 3, null).commandThreads()).isEqualTo(3);
        assertThat(with("kurrentdb", null, null).commandThreads()).isEqualTo(16);
    }

    @Test
    void cachedAggregatesAreTrustedOnlyWhereThisProcessIsTheOnlyWriterAndCheckedElsewhereUnlessSet() {
        assertCaching("h2", null, true, false);
        assertCaching("jdbc", null, false, true);
        assertCaching("jdbc", true, true, false);
        assertCaching("jdbc", false, false, false);
        // KurrentDB may be shared by several nodes even when this node's own tables are in its H2 file.
        assertCaching("kurrentdb", null, false, true);
        assertCaching("kurrentdb", true, true, false);
        assertCaching("kurrentdb", false, false, false);
    }

    @Test
    void kurrentdbKeepsTheCommandSidesTablesAtTheUrlOrElseInTheH2File() {
        String h2File = EventStoreDatabase.jdbcUrl(with("h2", null, null));
        assertThat(h2File).startsWith("jdbc:h2:file:");
        assertThat(EventStoreDatabase.jdbcUrl(with("kurrentdb", null, null, null)))
                .isEqualTo(h2File);
        assertThat(EventStoreDatabase.jdbcUrl(with("kurrentdb", " ", null, null)))
                .isEqualTo(h2File);
        assertThat(EventStoreDatabase.jdbcUrl(with("kurrentdb", "jdbc:mariadb://db:3306/atrium", null, null)))
                .isEqualTo("jdbc:mariadb://db:3306/atrium");
        assertThat(with("kurrentdb", null, null, null).eventStore().embedded()).isFalse();
    }

    @Test
    void anUnknownKindIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> EventStoreDatabase.jdbcUrl(with("kurrent", null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("h2, jdbc or kurrentdb")
                .hasMessageContaining("'kurrent'");
        assertThatThrownBy(() -> EventStoreDatabase.jdbcUrl(with("jdbc", null, null)))
                .hasMessageContaining("needs atrium.event-store.url");
    }

    @Test
    void kurrentdbSettingsBindWithTheirDefaults() {
        CommandSideProperties bound = new Binder(new MapConfigurationPropertySource(Map.of(
                        "atrium.event-store.kind", "kurrentdb",
                        "atrium.event-store.kurrentdb.operation-timeout-ms", "750")))
                .bindOrCreate("atrium", CommandSideProperties.class);
        assertThat(bound.eventStore().kind()).isEqualTo("kurrentdb");
        assertThat(bound.eventStore().kurrentdb().connectionString()).isEqualTo("kurrentdb://127.0.0.1:2113?tls=false");
        assertThat(bound.eventStore().kurrentdb().operationTimeoutMs()).isEqualTo(750);
        CommandSideProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("atrium", CommandSideProperties.class);
        assertThat(defaults.eventStore().kind()).isEqualTo("h2");
        assertThat(defaults.eventStore().kurrentdb().operationTimeoutMs()).isEqualTo(5000);
    }

    private static void assertCaching(String kind, Boolean setting, boolean trusted, boolean checked) {
        CommandSideProperties.EventStore store = with(kind, null, setting).eventStore();
        assertThat(store.cachesAggregates())
                .as("%s, cache-aggregates=%s: trusted", kind, setting)
                .isEqualTo(trusted);
        assertThat(store.checksCachedAggregates())
                .as("%s, cache-aggregates=%s: checked", kind, setting)
                .isEqualTo(checked);
    }
}

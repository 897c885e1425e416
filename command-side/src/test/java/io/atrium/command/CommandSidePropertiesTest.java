package io.atrium.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The defaults that depend on which event store runs. */
class CommandSidePropertiesTest {

    private static CommandSideProperties with(String kind, Integer threads, Boolean cache) {
        return new CommandSideProperties(
                Path.of("data"),
                new CommandSideProperties.EventStore(kind, null, "root", "", 16, 50, cache),
                new CommandSideProperties.Packages(1, 1, 1, 1, 1),
                new CommandSideProperties.Commands(threads, 2000, 30, 5000));
    }

    @Test
    void commandThreadsFollowTheStoreUnlessSet() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(with("h2", null, null).commandThreads()).isEqualTo(Math.max(2, 2 * cores));
        assertThat(with("jdbc", null, null).commandThreads()).isEqualTo(16);
        assertThat(with("h2", 7, null).commandThreads()).isEqualTo(7);
        assertThat(with("jdbc", 3, null).commandThreads()).isEqualTo(3);
    }

    @Test
    void cachedAggregatesAreTrustedOnlyWhereThisProcessIsTheOnlyWriterAndCheckedElsewhereUnlessSet() {
        assertCaching("h2", null, true, false);
        assertCaching("jdbc", null, false, true);
        assertCaching("jdbc", true, true, false);
        assertCaching("jdbc", false, false, false);
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

package io.atrium.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The defaults that depend on which event store runs. */
class CommandSidePropertiesTest {

    private static CommandSideProperties with(String kind, Integer threads, Boolean cache) {
        return new CommandSideProperties(Path.of("data"), new CommandSideProperties.EventStore(kind, null, "root", "", 16, 50, cache),
                new CommandSideProperties.Packages(1, 1, 1, 1, 1), new CommandSideProperties.Commands(threads, 2000, 30, 5000));
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
        CommandSideProperties.EventStore h2 = with("h2", null, null).eventStore();
        assertThat(h2.cachesAggregates()).isTrue();
        assertThat(h2.checksCachedAggregates()).isFalse();
        CommandSideProperties.EventStore jdbc = with("jdbc", null, null).eventStore();
        assertThat(jdbc.cachesAggregates()).isFalse();
        assertThat(jdbc.checksCachedAggregates()).isTrue();
        CommandSideProperties.EventStore trusted = with("jdbc", null, true).eventStore();
        assertThat(trusted.cachesAggregates()).isTrue();
        assertThat(trusted.checksCachedAggregates()).isFalse();
        CommandSideProperties.EventStore off = with("jdbc", null, false).eventStore();
        assertThat(off.cachesAggregates()).isFalse();
        assertThat(off.checksCachedAggregates()).isFalse();
    }
}

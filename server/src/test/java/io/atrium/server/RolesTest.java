package io.atrium.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What a node may be asked to run, and the messages it stops with otherwise. */
class RolesTest {

    @Test
    void aProjectionsNodeOfItsOwnReadsKafka() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("atrium.roles", "projections")
                .withProperty("atrium.event-feed.kind", "kafka")
                .withProperty("atrium.search.index", "elasticsearch");

        assertThat(Roles.of(environment)).containsExactly("projections");
    }

    @Test
    void aProjectionsNodeWithoutCommandOrKafkaIsRefusedSayingWhatToSet() {
        MockEnvironment environment = new MockEnvironment().withProperty("atrium.roles", "projections,query");

        assertThatThrownBy(() -> Roles.of(environment))
                .hasMessageContaining("atrium.event-feed.kind=kafka")
                .hasMessageContaining("or run 'command' in this process");
    }

    @Test
    void clusterModeRefusesTheEmbeddedSearchIndex() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("atrium.roles", "query")
                .withProperty("atrium.event-feed.kind", "kafka");

        assertThatThrownBy(() -> Roles.of(environment))
                .hasMessageContaining("cluster mode")
                .hasMessageContaining("atrium.search.index=elasticsearch");
    }

    @Test
    void aCommandNodeInClusterModeNeedsNoSearchIndex() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("atrium.roles", "command")
                .withProperty("atrium.event-feed.kind", "kafka");

        assertThat(Roles.of(environment)).containsExactly("command");
    }

    @Test
    void anUnknownFeedIsRefused() {
        MockEnvironment environment = new MockEnvironment().withProperty("atrium.event-feed.kind", "carrier-pigeon");

        assertThatThrownBy(() -> Roles.of(environment))
                .hasMessageContaining("'carrier-pigeon'")
                .hasMessageContaining("in-process");
    }

    @Test
    void theSingleNodeDefaultRunsEverythingInProcess() {
        assertThat(Roles.of(new MockEnvironment())).containsExactly("command", "projections", "query");
        assertThat(Roles.feed(new MockEnvironment())).isEqualTo("in-process");
    }
}

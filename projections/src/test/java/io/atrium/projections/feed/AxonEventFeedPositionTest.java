package io.atrium.projections.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;

/** Where an event stands in the store, from the tokens Axon's stream hands out. */
class AxonEventFeedPositionTest {

    @Test
    void aNewEventStandsAtTheTokensIndex() {
        GapAwareTrackingToken before = GapAwareTrackingToken.newInstance(10, List.of());
        GapAwareTrackingToken after = before.advanceTo(11, 1000);

        assertThat(AxonEventFeed.positionOf(after, before)).isEqualTo(11);
    }

    @Test
    void anEventPastAHoleStandsAtTheTokensIndex() {
        GapAwareTrackingToken before = GapAwareTrackingToken.newInstance(10, List.of());
        GapAwareTrackingToken after = before.advanceTo(13, 1000);

        assertThat(after.getGaps()).containsExactly(11L, 12L);
        assertThat(AxonEventFeed.positionOf(after, before)).isEqualTo(13);
    }

    @Test
    void aLateEventStandsAtTheGapItFilledNotAtTheIndex() {
        GapAwareTrackingToken before = GapAwareTrackingToken.newInstance(13, List.of(11L, 12L));
        GapAwareTrackingToken after = before.advanceTo(12, 1000);

        // Axon's own position() says 13: the bug this guards against put the event at 13.
        assertThat(after.position()).hasValue(13L);
        assertThat(AxonEventFeed.positionOf(after, before)).isEqualTo(12);
    }

    @Test
    void theFirstEventOfAStreamStandsAtItsIndex() {
        assertThat(AxonEventFeed.positionOf(GapAwareTrackingToken.newInstance(0, List.of()), null))
                .isZero();
    }
}

package io.atrium.projections;

import io.atrium.events.ActorId;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventMetadata;
import io.atrium.events.TenantId;
import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link EventFeed} over a list, for testing the runner and replay apart from the event store
 * (the in-process Axon adapter is exercised end to end by the server's tests).
 */
final class ListEventFeed implements EventFeed {

    final List<StoredEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public Stream open(FeedPosition after) {
        return new Stream() {
            int next = (int)
                    events.stream().filter(e -> e.position() <= after.index()).count();

            @Override
            public boolean hasNext(Duration wait) throws InterruptedException {
                long deadline = System.nanoTime() + wait.toNanos();
                while (next >= events.size()) {
                    if (System.nanoTime() >= deadline) {
                        return false;
                    }
                    Thread.sleep(5);
                }
                return true;
            }

            @Override
            public StoredEvent next() {
                return events.get(next++);
            }

            @Override
            public void close() {}
        };
    }

    /**
     * Appends {@code event} at the next position, as recorded by {@code actor} in the default tenant,
     * with a timestamp that grows with the position.
     */
    void append(AtriumEvent event, ActorId actor) {
        long position = events.size() + 1;
        Instant at = Instant.parse("2026-11-02T00:00:00Z").plusMillis(position);
        events.add(new StoredEvent(
                position,
                new FeedPosition(position, new TreeSet<>()),
                "evt-" + position,
                event.aggregateId(),
                "Test",
                0,
                at,
                event,
                new EventMetadata(TenantId.DEFAULT, actor, "10.0.0.1", "", "", "Test", at)));
    }

    @Override
    public long headPosition() {
        return events.isEmpty() ? -1 : events.get(events.size() - 1).position();
    }
}

package io.atrium.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class BoundedAggregateCacheTest {

    /** Records what the cache tells its listeners, in order. */
    private static final class Heard implements Cache.EntryListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onEntryExpired(Object key) {
            events.add("expired " + key);
        }

        @Override
        public void onEntryRemoved(Object key) {
            events.add("removed " + key);
        }

        @Override
        public void onEntryUpdated(Object key, Object value) {
            events.add("updated " + key);
        }

        @Override
        public void onEntryCreated(Object key, Object value) {
            events.add("created " + key);
        }

        @Override
        public void onEntryRead(Object key, Object value) {}

        @Override
        public Object clone() {
            return this;
        }
    }

    @Test
    void tellsListenersOfCreationsReplacementsRemovalsAndEvictionsOnly() {
        BoundedAggregateCache cache = new BoundedAggregateCache(100);
        Heard heard = new Heard();
        cache.registerCacheEntryListener(heard);
        cache.put("a", 1);
        cache.put("a", 2);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(2);
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        assertThat(heard.events).containsExactly("created a", "updated a", "removed a");
    }

    @Test
    void staysWithinItsBoundAndReportsWhatItEvicts() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);
        Heard heard = new Heard();
        cache.registerCacheEntryListener(heard);
        for (int i = 0; i < 1_000; i++) {
            cache.put("k" + i, i);
        }
        long held = java.util.stream.IntStream.range(0, 1_000)
                .filter(i -> cache.containsKey("k" + i))
                .count();
        assertThat(held).isLessThanOrEqualTo(10);
        // Evictions are reported on the writing thread, so every one is known by now.
        assertThat(heard.events.stream().filter(e -> e.startsWith("expired")).count())
                .isEqualTo(1_000 - held);
    }
}

package io.atrium.command.eventstore;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.jspecify.annotations.Nullable;

/**
 * Axon's aggregate {@link Cache} on Caffeine, holding up to {@code maximumSize} aggregates strongly.
 * Axon's {@code WeakReferenceCache} lost every entry at each young collection, so under load nearly
 * every command loaded its aggregate again (snapshot plus up to 49 events); this one keeps the hot
 * ones and evicts the least used. Entry listeners hear of puts, removals and evictions.
 */
public final class BoundedAggregateCache implements Cache {

    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<Object, Object> entries;

    public BoundedAggregateCache(long maximumSize) {
        // Only evictions matter to Axon's listeners. A removal listener would also hear every replacement
        // (each command's save) and run it on the common pool: a task and a thread wake-up per command.
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .executor(Runnable::run)
                .evictionListener((@Nullable Object key, @Nullable Object value, RemovalCause cause) -> {
                    // Caffeine declares both nullable (a collected weak entry); this cache holds strong ones.
                    if (key != null) {
                        listeners.forEach(l -> l.onEntryExpired(key));
                    }
                })
                .build()
                .asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> @Nullable V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public void put(Object key, Object value) {
        Object previous = entries.put(key, value);
        if (previous == null) {
            listeners.forEach(l -> l.onEntryCreated(key, value));
        } else {
            listeners.forEach(l -> l.onEntryUpdated(key, value));
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean added = entries.putIfAbsent(key, value) == null;
        if (added) {
            listeners.forEach(l -> l.onEntryCreated(key, value));
        }
        return added;
    }

    @Override
    public boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        for (Object key : List.copyOf(entries.keySet())) {
            remove(key);
        }
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}

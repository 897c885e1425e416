package io.atrium.command.eventstore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Function;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.jspecify.annotations.Nullable;

/**
 * An aggregate cache for an event store that other processes may write too (MySQL/MariaDB or
 * KurrentDB shared by several nodes). Before a cached aggregate is used, its version is compared
 * with the newest sequence number the store holds for it, in the command's own transaction. Equal,
 * the entry is used and the aggregate's events are not read and replayed again. Different (another
 * node appended since), the entry is dropped and Axon loads the aggregate from the store, as it
 * would without a cache.
 * <p>
 * That check is one lookup (an indexed MAX query on JDBC) instead of a snapshot read plus up to a
 * snapshot interval of events, each deserialized and applied. An append that races the check still
 * meets the store's own guard on (aggregate, sequence) and is refused, as without a cache.
 */
public final class CheckedAggregateCache implements Cache {

    private static final VarHandle VERSION;

    static {
        try {
            // Axon keeps the cached aggregate's version private; it is what must match the store.
            VERSION = MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, "version", Long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("this Axon version's AggregateCacheEntry has no version field: " + e);
        }
    }

    private final Cache entries;
    private final Function<String, Long> storedVersion;

    /**
     * @param entries       where entries are held
     * @param storedVersion the newest sequence number the store holds for an aggregate id, or null if none
     */
    public CheckedAggregateCache(Cache entries, Function<String, Long> storedVersion) {
        this.entries = entries;
        this.storedVersion = storedVersion;
    }

    /**
     * A checked cache whose entries are compared with what {@code engine} answers as an aggregate's
     * newest sequence number. Axon's JDBC engine answers with one MAX query that joins the command's
     * transaction.
     */
    public static CheckedAggregateCache over(Cache entries, EventStorageEngine engine) {
        return new CheckedAggregateCache(
                entries, id -> engine.lastSequenceNumberFor(id).orElse(null));
    }

    /** The version a cache entry holds (null: an aggregate with no events yet). */
    static Long versionOf(AggregateCacheEntry<?> entry) {
        return (Long) VERSION.get(entry);
    }

    @Override
    public <K, V> @Nullable V get(K key) {
        V value = entries.get(key);
        if (value instanceof AggregateCacheEntry<?> entry
                && !Objects.equals(versionOf(entry), storedVersion.apply(key.toString()))) {
            entries.remove(key);
            return null;
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public void removeAll() {
        entries.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return entries.registerCacheEntryListener(listener);
    }
}

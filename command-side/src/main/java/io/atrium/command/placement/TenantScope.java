package io.atrium.command.placement;

import io.atrium.events.TenantId;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The tenant whose database the current thread's write-side work goes to. The command dispatcher sets
 * it around each command (the transaction, the event append, the aggregate load, the tables written
 * beside it and the snapshot taken after it all run on that thread); outside a scope work goes to the
 * shared database. A thread-local because Axon and JDBC block on the command thread anyway.
 */
public final class TenantScope {

    private static final ThreadLocal<@Nullable TenantId> CURRENT = new ThreadLocal<>();

    private TenantScope() {}

    /** The tenant of the work in progress on this thread, or null outside any scope. */
    public static @Nullable TenantId current() {
        return CURRENT.get();
    }

    /** Runs {@code work} in {@code tenant}'s scope, restoring the enclosing scope afterwards. */
    public static <T> T in(TenantId tenant, Supplier<T> work) {
        TenantId outer = CURRENT.get();
        CURRENT.set(tenant);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }
}

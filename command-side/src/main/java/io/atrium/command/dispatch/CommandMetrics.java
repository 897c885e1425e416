package io.atrium.command.dispatch;

import io.atrium.command.eventstore.EventStoreUnavailableException;
import io.atrium.command.member.LoginRefusedException;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.events.InvalidValueException;
import io.atrium.events.access.AccessDeniedException;
import io.atrium.events.access.UnauthenticatedException;
import io.atrium.sdk.packaging.PackageRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;

/**
 * The command path's meters: {@code atrium.commands} and {@code atrium.command.duration} by command
 * type and outcome, and the event store's appends and conflicts as the dispatcher sees them (one
 * append per command that recorded events, in the command's transaction).
 *
 * <p>Every command's meters are built once per command class (a {@link ClassValue}), so the command
 * path does no registry lookup; with metrics switched off the registry hands out no-op meters.
 */
public final class CommandMetrics {

    /** How a command ended, as the {@code outcome} tag says it. */
    public enum Outcome {
        /** It ran and its change committed (or an idempotent retry answered the first result). */
        ACCEPTED,
        /** The caller's request was refused: invalid input, a broken rule, no permission, an unknown id. */
        REJECTED,
        /** It lost a concurrency race (another change to the same aggregate, or the target was busy). */
        CONFLICT,
        /** Anything else: the store was unavailable, a bug. */
        ERROR;

        final String tag = name().toLowerCase(java.util.Locale.ROOT);
    }

    private final MeterRegistry registry;
    private final ClassValue<PerType> perType = new ClassValue<>() {
        @Override
        protected PerType computeValue(Class<?> type) {
            return new PerType(registry, type.getSimpleName());
        }
    };
    private final Counter appendsOk;
    private final Counter appendsConflict;
    private final Counter appendsError;
    private final Counter conflicts;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.appendsOk = appends(registry, "ok");
        this.appendsConflict = appends(registry, "conflict");
        this.appendsError = appends(registry, "error");
        this.conflicts = Counter.builder("atrium.eventstore.conflicts")
                .description("Appends refused because another change to the aggregate was stored first")
                .register(registry);
    }

    /** Meters that record nothing: for dispatchers built without a registry (tests, benchmarks). */
    public static CommandMetrics none() {
        // A composite with no registries in it hands out no-op meters.
        return new CommandMetrics(new CompositeMeterRegistry());
    }

    private static Counter appends(MeterRegistry registry, String outcome) {
        return Counter.builder("atrium.eventstore.appends")
                .description("Event-store appends (one per command that recorded events), by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** Records a command that ended after {@code nanos}; {@code failure} is null when it was accepted. */
    void command(Class<?> type, long nanos, @org.jspecify.annotations.Nullable Throwable failure, boolean appended) {
        Outcome outcome = failure == null ? Outcome.ACCEPTED : outcome(failure);
        perType.get(type).record(outcome, nanos);
        if (failure == null) {
            if (appended) {
                appendsOk.increment();
            }
        } else if (storeConflict(failure)) {
            appendsConflict.increment();
            conflicts.increment();
        } else if (outcome == Outcome.ERROR && storeFailure(failure)) {
            appendsError.increment();
        }
    }

    /** The outcome tag of a failure, in the terms the problem mapper answers it in. */
    static Outcome outcome(Throwable failure) {
        if (storeConflict(failure)
                || failure instanceof ConcurrencyFailureException
                || failure instanceof TransientDataAccessException
                || failure instanceof BusyException) {
            return Outcome.CONFLICT;
        }
        if (failure instanceof InvalidValueException
                || failure instanceof InvariantViolation
                || failure instanceof AccessDeniedException
                || failure instanceof UnauthenticatedException
                || failure instanceof UnknownResourceException
                || failure instanceof AggregateNotFoundException
                || failure instanceof PackageRejectedException
                || failure instanceof IdempotencyKeyReusedException
                || failure instanceof LoginRefusedException) {
            return Outcome.REJECTED;
        }
        return Outcome.ERROR;
    }

    /** The store refused the append: another change to the aggregate (or its creation) came first. */
    private static boolean storeConflict(Throwable failure) {
        return failure instanceof ConcurrencyException
                || failure instanceof AggregateStreamCreationException
                || failure instanceof DuplicateKeyException;
    }

    private static boolean storeFailure(Throwable failure) {
        return failure instanceof EventStoreUnavailableException || failure instanceof DataAccessException;
    }

    /** Buckets of the latency histogram: a few, so that every type and outcome stays cheap to scrape. */
    private static final java.time.Duration[] BUCKETS = java.util.stream.LongStream.of(
                    1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000)
            .mapToObj(java.time.Duration::ofMillis)
            .toArray(java.time.Duration[]::new);

    /**
     * One command type's counter and timer per outcome, indexed by {@link Outcome#ordinal()}, each
     * registered when the outcome first happens (so a type that never failed exports no failure series).
     */
    private static final class PerType {
        private final MeterRegistry registry;
        private final String type;
        private final Counter[] counters = new Counter[Outcome.values().length];
        private final Timer[] timers = new Timer[Outcome.values().length];

        PerType(MeterRegistry registry, String type) {
            this.registry = registry;
            this.type = type;
        }

        void record(Outcome outcome, long nanos) {
            int i = outcome.ordinal();
            Counter counter = counters[i];
            Timer timer = timers[i];
            if (counter == null || timer == null) {
                // A race registers the same meters twice; the registry answers the one it holds.
                counter = Counter.builder("atrium.commands")
                        .description("Commands run, by command type and outcome")
                        .tag("type", type)
                        .tag("outcome", outcome.tag)
                        .register(registry);
                timer = Timer.builder("atrium.command.duration")
                        .description("Time from a command's start on its thread to its answer")
                        .tag("type", type)
                        .tag("outcome", outcome.tag)
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
                counters[i] = counter;
                timers[i] = timer;
            }
            counter.increment();
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}

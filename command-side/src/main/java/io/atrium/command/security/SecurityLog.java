package io.atrium.command.security;

import io.atrium.command.dispatch.BusyException;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.command.eventstore.EventStoreUnavailableException;
import io.atrium.command.security.SecurityRecordCommands.RecordRefusal;
import io.atrium.command.security.SecurityRecordCommands.RecordSensitiveRead;
import io.atrium.command.security.SecurityRecordCommands.SecurityRecordCommand;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.security.SecurityRecordId;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Records refused requests and sensitive reads in the operation log, without ever failing or slowing
 * the request it records: the HTTP edge hands a record over (a non-blocking offer into a bounded
 * queue) and one background thread appends it through the {@link CommandDispatcher} as a
 * {@link SecurityRecord} of its own. A full queue drops the record, counts it and says so in the
 * application log. A record whose append fails for a passing reason (the event store or the
 * tenant's database unreachable, a timeout, a busy aggregate) is tried again after each wait of
 * {@link #RETRIES}, and its tenant's records behind it wait with it, so a tenant's records keep their
 * order and an outage costs one attempt per wait, not one per record, while other tenants' records go
 * on; after the last wait it is given up. A record the store refuses for what it is (invalid, a
 * defect) is given up at once: retrying it would change nothing, and it must not hold up the records
 * behind it. Given up means counted and written to the application log in full.
 *
 * <p>Refusals are coalesced per client address, method, route and status: the first in a window of
 * {@link #WINDOW} is recorded at once, later ones in the window are only counted, and when the window
 * closes (its next refusal, or the sweep every second) one entry for the last of them says how many
 * more it stands for ({@code suppressed}). A flood of 401s from one address thus costs two entries a
 * minute per route, whatever its rate. Keys are bounded ({@link #MAX_KEYS}); beyond that, refusals of
 * every new key share one window per status (address, method and route {@code *}). Paths that match
 * no route, and non-standard methods, are the caller's to invent, so they share one window per address
 * and status whatever the path: a scan of made-up paths is two entries a minute too.
 */
@Component
public class SecurityLog implements DisposableBean {

    /** How long refusals of one key are folded into one entry after the first. */
    public static final Duration WINDOW = Duration.ofSeconds(60);

    /** Records waiting to be appended; beyond this they are dropped (and counted), never waited for. */
    static final int CAPACITY = 10_000;

    static final int MAX_KEYS = 10_000;

    /** The actor of a record nobody authenticated. */
    public static final ActorId ANONYMOUS = new ActorId("anonymous");

    /**
     * The waits before each new attempt of a record whose append failed: about six minutes in all,
     * longer than a store's restart or a database fail-over, short enough that a record no store will
     * ever take (a defect) does not stop the log for good.
     */
    static final List<Duration> RETRIES = List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60));

    /** Records held for a retry, all tenants together; beyond this a failed record is given up. */
    static final int HELD_CAPACITY = 1_000;

    /** How long the last pass at shutdown may take (Kubernetes allows the pod 45 s to stop). */
    static final Duration LAST_PASS = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(SecurityLog.class);
    private static final long SWEEP_MILLIS = 1000;

    /**
     * A refused request as the HTTP edge saw it.
     *
     * @param route  the route pattern the request matched, or, when it matched none ({@code routed}
     *               false), the path it asked for
     * @param routed whether {@code route} is one of the platform's routes
     */
    public record Refusal(
            String clientAddress,
            String method,
            String route,
            int status,
            String problemType,
            @Nullable TenantId tenant,
            @Nullable String principal,
            @Nullable String correlationId,
            boolean routed) {

        /** A refusal on one of the platform's routes. */
        public Refusal(
                String clientAddress,
                String method,
                String route,
                int status,
                String problemType,
                @Nullable TenantId tenant,
                @Nullable String principal,
                @Nullable String correlationId) {
            this(clientAddress, method, route, status, problemType, tenant, principal, correlationId, true);
        }
    }

    /** A successful read of sensitive data. */
    public record SensitiveRead(
            String clientAddress,
            String method,
            String route,
            @Nullable String query,
            TenantId tenant,
            ActorId actor,
            @Nullable String principal,
            @Nullable String correlationId) {}

    /** A record ready to append. */
    record Pending(SecurityRecordCommand command, RequestContext context) {}

    private record Key(String clientAddress, String method, String route, int status) {

        /**
         * The window a refusal counts in. Paths that match no route, and methods outside HTTP's
         * standard ones, are the caller's to invent: each would open a window (and write an entry) of
         * its own, so they share one per address and status. The entry still names the path asked for.
         */
        static Key of(Refusal refusal) {
            boolean ours = refusal.routed() && STANDARD_METHODS.contains(refusal.method());
            return new Key(
                    refusal.clientAddress(),
                    ours ? refusal.method() : "*",
                    refusal.routed() ? refusal.route() : UNROUTED,
                    refusal.status());
        }
    }

    private static final java.util.Set<String> STANDARD_METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    /** The window key of every path that matches no route. */
    private static final String UNROUTED = "(no route)";

    /** The refusals of one key since its first entry; guarded by the map's per-key lock. */
    private static final class Window {
        final Instant start;
        long count;
        Refusal last;

        Window(Instant start, Refusal first) {
            this.start = start;
            this.last = first;
        }
    }

    private final Consumer<Pending> append;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Map<Key, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private volatile long droppedLoggedAt;

    /**
     * A tenant's records held for a retry: the first failed for a passing reason, the others wait
     * behind it so the tenant's records keep their order. Other tenants' records are not held up.
     */
    private static final class Line {
        final ArrayDeque<Pending> records = new ArrayDeque<>();
        /** How many times the first record has failed. */
        int failures;
        /** When the first record is tried again, on {@link #nanos}. */
        long nextNanos;
    }

    /** Held by whoever appends (the worker; tests; the last pass at shutdown), one at a time. */
    private final ReentrantLock appending = new ReentrantLock();

    /** The tenants with held records; guarded by {@link #appending}. */
    private final Map<TenantId, Line> lines = new LinkedHashMap<>();

    /** How many records all lines hold; guarded by {@link #appending}. */
    private int held;

    /** A monotonic clock for the waits: a step of the wall clock must not stretch them. */
    private final LongSupplier nanos;

    private final @Nullable Thread worker;
    private volatile boolean running = true;

    /** @param registry where the count of lost records goes, when the application has a registry */
    @Autowired
    public SecurityLog(CommandDispatcher dispatcher, ObjectProvider<MeterRegistry> registry) {
        this(
                pending -> dispatcher.execute(pending.command(), pending.context()),
                Clock.systemUTC(),
                System::nanoTime,
                true);
        MeterRegistry found = registry.getIfUnique();
        if (found != null) {
            countLostIn(found);
        }
    }

    /**
     * Exports {@code atrium_security_log_lost_total}: records the log does not hold, by why. An
     * operator alerts on any increase: each is a refusal or sensitive read an auditor will not find.
     */
    void countLostIn(MeterRegistry registry) {
        FunctionCounter.builder(LOST, dropped, AtomicLong::get)
                .tag("reason", "dropped")
                .description("security records dropped because the queue was full")
                .register(registry);
        FunctionCounter.builder(LOST, givenUp, AtomicLong::get)
                .tag("reason", "given_up")
                .description("security records given up after their last append failed")
                .register(registry);
    }

    /** The meter of records lost; Prometheus names it atrium_security_log_lost_total. */
    static final String LOST = "atrium.security.log.lost";

    /** A log whose waits follow {@code clock} (tests, which move it). */
    SecurityLog(Consumer<Pending> append, Clock clock, boolean startWorker) {
        this(append, clock, () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()), startWorker);
    }

    /**
     * @param nanos       the monotonic time the waits are measured on
     * @param startWorker false in tests, which run {@link #appendWaiting()} themselves
     */
    SecurityLog(Consumer<Pending> append, Clock clock, LongSupplier nanos, boolean startWorker) {
        this.append = append;
        this.clock = clock;
        this.nanos = nanos;
        if (startWorker) {
            Thread thread = new Thread(this::work, "atrium-security-log");
            // A daemon: recording must never keep a stopping JVM alive.
            thread.setDaemon(true);
            thread.start();
            this.worker = thread;
        } else {
            this.worker = null;
        }
    }

    /** Hands a refusal over; returns at once. */
    public void refused(Refusal refusal) {
        Instant now = clock.instant();
        Key key = Key.of(refusal);
        if (!windows.containsKey(key) && windows.size() >= MAX_KEYS) {
            key = new Key("*", "*", "*", refusal.status());
        }
        windows.compute(key, (k, window) -> {
            if (window != null && now.isBefore(window.start.plus(WINDOW))) {
                window.count++;
                window.last = refusal;
                return window;
            }
            if (window != null) {
                close(window);
            }
            offer(refusal(refusal, 0));
            return new Window(now, refusal);
        });
    }

    /** Hands a sensitive read over; returns at once. */
    public void sensitiveRead(SensitiveRead read) {
        offer(new Pending(
                new RecordSensitiveRead(
                        SecurityRecordId.generate(),
                        read.tenant(),
                        read.actor(),
                        read.method(),
                        read.route(),
                        read.query(),
                        read.principal()),
                context(read.tenant(), read.actor(), read.clientAddress(), read.correlationId())));
    }

    /** Closes every window now, recording what each has counted (at shutdown, and in tests). */
    public void flush() {
        sweep(Instant.MAX);
    }

    /** How many records were dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** How many records were given up after their last attempt failed. */
    public long givenUp() {
        return givenUp.get();
    }

    /** Closes the windows that have ended by {@code now}. */
    void sweep(Instant now) {
        for (Key key : List.copyOf(windows.keySet())) {
            windows.computeIfPresent(key, (k, window) -> {
                if (now != Instant.MAX && now.isBefore(window.start.plus(WINDOW))) {
                    return window;
                }
                close(window);
                return null;
            });
        }
    }

    private void close(Window window) {
        if (window.count > 0) {
            offer(refusal(window.last, window.count - 1));
        }
    }

    private Pending refusal(Refusal refusal, long suppressed) {
        TenantId tenant = refusal.tenant() == null ? TenantId.DEFAULT : refusal.tenant();
        String principal = refusal.principal();
        ActorId actor = principal == null ? ANONYMOUS : new ActorId(principal);
        return new Pending(
                new RecordRefusal(
                        SecurityRecordId.generate(),
                        tenant,
                        actor,
                        refusal.method(),
                        refusal.route(),
                        refusal.status(),
                        refusal.problemType(),
                        principal,
                        suppressed),
                context(tenant, actor, refusal.clientAddress(), refusal.correlationId()));
    }

    private static RequestContext context(
            TenantId tenant, ActorId actor, String clientAddress, @Nullable String correlationId) {
        return new RequestContext(
                new Caller(actor, null, tenant, Set.of(), Set.of()),
                clientAddress,
                correlationId == null ? UUID.randomUUID().toString() : correlationId,
                null,
                "");
    }

    private void offer(Pending pending) {
        if (!queue.offer(pending)) {
            long n = dropped.incrementAndGet();
            long now = System.nanoTime();
            if (now - droppedLoggedAt > TimeUnit.MINUTES.toNanos(1)) {
                droppedLoggedAt = now;
                LOG.warn("The security log's queue is full: {} records dropped so far", n);
            }
        }
    }

    /**
     * Appends what is waiting: first each tenant's held records whose wait is over, then the records
     * handed over since (the worker's step; tests call it directly).
     *
     * @return how many records were appended
     */
    int appendWaiting() {
        appending.lock();
        try {
            int appended = 0;
            long now = nanos.getAsLong();
            for (Map.Entry<TenantId, Line> held : List.copyOf(lines.entrySet())) {
                if (now - held.getValue().nextNanos >= 0) {
                    appended += drain(held.getKey(), held.getValue());
                }
            }
            Pending fresh;
            while ((fresh = queue.poll()) != null) {
                appended += take(fresh);
            }
            return appended;
        } finally {
            appending.unlock();
        }
    }

    /** A record just handed over: held behind its tenant's failure, if it has one, or tried now. */
    private int take(Pending pending) {
        TenantId tenant = tenantOf(pending);
        Line line = lines.get(tenant);
        if (line != null) {
            hold(line, pending);
            return 0;
        }
        return switch (attempt(pending, 0)) {
            case RECORDED -> 1;
            case GIVEN_UP -> 0;
            case FAILED -> {
                Line opened = new Line();
                if (hold(opened, pending)) {
                    failedAgain(opened, 1);
                    lines.put(tenant, opened);
                }
                yield 0;
            }
        };
    }

    /** Tries a tenant's held records in order, up to the first that fails again. */
    private int drain(TenantId tenant, Line line) {
        int appended = 0;
        while (!line.records.isEmpty()) {
            Pending head = line.records.peekFirst();
            switch (attempt(head, line.failures)) {
                case RECORDED -> {
                    appended++;
                    release(line);
                }
                case GIVEN_UP -> release(line);
                case FAILED -> {
                    failedAgain(line, line.failures + 1);
                    return appended;
                }
            }
        }
        lines.remove(tenant);
        return appended;
    }

    /** The head of a line is done with: the record behind it is tried next, as a first attempt. */
    private void release(Line line) {
        line.records.pollFirst();
        held--;
        line.failures = 0;
    }

    /** Schedules the next attempt of a line's head after its {@code failures}-th failure. */
    private void failedAgain(Line line, int failures) {
        line.failures = failures;
        line.nextNanos = nanos.getAsLong() + RETRIES.get(failures - 1).toNanos();
    }

    /** Puts a record at the end of a line, or gives it up when the lines hold all they may. */
    private boolean hold(Line line, Pending pending) {
        if (held >= HELD_CAPACITY) {
            giveUp(pending, "more than " + HELD_CAPACITY + " records are already held for a retry", null);
            return false;
        }
        line.records.addLast(pending);
        held++;
        return true;
    }

    private static TenantId tenantOf(Pending pending) {
        return pending.context().caller().tenant();
    }

    /** What became of one attempt. */
    private enum Outcome {
        RECORDED,
        /** Failed for a passing reason; to be tried again after its wait. */
        FAILED,
        GIVEN_UP
    }

    /**
     * Appends one record.
     *
     * @param failures how many times it failed before (0 on its first attempt)
     */
    private Outcome attempt(Pending pending, int failures) {
        try {
            append.accept(pending);
            return Outcome.RECORDED;
        } catch (RuntimeException | Error e) {
            if (failures > 0 && alreadyRecorded(e)) {
                // An earlier attempt was stored after all (its answer was lost): the record exists.
                return Outcome.RECORDED;
            }
            if (!passing(e)) {
                giveUp(pending, "the failure would recur on every attempt", e);
                return Outcome.GIVEN_UP;
            }
            if (failures >= RETRIES.size()) {
                giveUp(pending, "its last wait is over", e);
                return Outcome.GIVEN_UP;
            }
            LOG.warn(
                    "Could not record {} in the security log (attempt {}); it and its tenant's records behind "
                            + "it are tried again in {} s",
                    pending.command(),
                    failures + 1,
                    RETRIES.get(failures).toSeconds(),
                    e);
            return Outcome.FAILED;
        }
    }

    /** Counts a record the log will not hold and writes it to the application log in full. */
    private void giveUp(Pending pending, String why, @Nullable Throwable failure) {
        givenUp.incrementAndGet();
        LOG.error(
                "Gave up recording {} in the security log ({}); its context: {}",
                pending.command(),
                why,
                pending.context(),
                failure);
    }

    /**
     * Whether a failure can pass by itself: the store, its database or the network did not answer in
     * time, or another command held the way. Anything else (an invalid record, a defect) fails the same
     * way every time; were it retried, a record a caller can shape (a path, a principal) could hold
     * its tenant's records for minutes.
     */
    static boolean passing(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EventStoreUnavailableException
                    || t instanceof BusyException
                    || t instanceof TransactionException
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof IOException
                    || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** A second attempt at creating a record that the first attempt stored after all. */
    private static boolean alreadyRecorded(Throwable e) {
        return e instanceof ConcurrencyException || e instanceof AggregateStreamCreationException;
    }

    private void work() {
        long nextSweep = System.nanoTime();
        while (running) {
            try {
                appendWaiting();
                if (System.nanoTime() - nextSweep >= 0) {
                    sweep(clock.instant());
                    nextSweep = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
                }
                // A line's wait is checked at the next step: at most a second late.
                Pending pending = queue.poll(SWEEP_MILLIS, TimeUnit.MILLISECONDS);
                if (pending != null) {
                    appending.lock();
                    try {
                        take(pending);
                    } finally {
                        appending.unlock();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // Even an Error: a dead worker would silently drop every record after it.
                LOG.error("The security log's worker failed a step; it goes on", e);
            }
        }
    }

    /**
     * The last pass at shutdown, within {@link #LAST_PASS}: each record still waiting (held first, in
     * order) gets one attempt, until one fails for a passing reason (the store is down: the rest would
     * only wait for it too) or the time is up; every record not recorded is given up, so it is counted
     * and written to the application log in full rather than lost without a word.
     */
    private void appendRemaining() throws InterruptedException {
        if (!appending.tryLock(5, TimeUnit.SECONDS)) {
            List<Pending> queued = new ArrayList<>();
            queue.drainTo(queued);
            queued.forEach(p -> giveUp(p, "the log stops while an append is still running", null));
            LOG.error("The security log stops while an append is still running; the records held for a retry "
                    + "are not recorded");
            return;
        }
        try {
            List<Pending> remaining = new ArrayList<>();
            lines.values().forEach(line -> remaining.addAll(line.records));
            lines.clear();
            held = 0;
            queue.drainTo(remaining);
            long deadline = nanos.getAsLong() + LAST_PASS.toNanos();
            @Nullable String stop = null;
            for (Pending pending : remaining) {
                if (stop == null && nanos.getAsLong() - deadline >= 0) {
                    stop = "the log stopped and its last pass ran out of time";
                }
                if (stop != null) {
                    giveUp(pending, stop, null);
                    continue;
                }
                try {
                    append.accept(pending);
                } catch (RuntimeException | Error e) {
                    giveUp(pending, "the log stopped and its last attempt failed", e);
                    if (passing(e)) {
                        stop = "the log stopped while the store was failing";
                    }
                }
            }
        } finally {
            appending.unlock();
        }
    }

    /** Records what the windows counted and appends what is waiting (briefly), then stops. */
    @Override
    public void destroy() throws InterruptedException {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        flush();
        appendRemaining();
    }
}

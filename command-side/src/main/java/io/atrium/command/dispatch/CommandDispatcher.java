package io.atrium.command.dispatch;

import io.atrium.command.CommandSideProperties;
import io.atrium.command.eventstore.AppendOutcome;
import io.atrium.command.eventstore.EventPositions;
import io.atrium.command.placement.TenantScope;
import io.atrium.events.EventMetadata;
import io.atrium.events.TenantId;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.MetaData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs commands for the HTTP layer. Each command runs in one database transaction that holds the
 * event append (on the JDBC stores; KurrentDB's append commits on its own, just before it), whatever
 * subscribing handlers write, the idempotency record, and the lookup of the position reached; the
 * aggregate's lock is held until that transaction has committed. Axon, JDBC
 * and the aggregate lock all block, so commands run on a bounded scheduler of their own, never on a
 * Netty thread.
 */
@Component
public class CommandDispatcher implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);
    private static final long LOCK_TIMEOUT_MS = 10_000;

    private final CommandGateway gateway;
    private final TransactionTemplate transactions;
    private final EventPositions positions;
    private final IdempotencyStore idempotency;
    private final StripedLocks locks = new StripedLocks(1024);
    private final Scheduler scheduler;
    private final Cache aggregateCache;
    private final RecordedEvents recorded;
    private final long slowNanos;
    /** The command's time limit: {@code atrium.commands.timeout-seconds}. */
    private final long limitNanos;
    /** Whether the event append commits with the SQL transaction (the JDBC stores) or on its own (KurrentDB). */
    private final boolean appendsInTransaction;

    private final Duration staleClaim;
    private final CommandMetrics metrics;

    /** Spans for command handling; a no-op unless tracing is on (see {@link #observeWith}). */
    private volatile ObservationRegistry observations = ObservationRegistry.NOOP;

    /** A dispatcher whose commands are not measured (tests, benchmarks). */
    public CommandDispatcher(
            CommandGateway gateway,
            PlatformTransactionManager transactionManager,
            EventPositions positions,
            IdempotencyStore idempotency,
            CommandSideProperties properties,
            Cache aggregateCache,
            RecordedEvents recorded) {
        this(
                gateway,
                transactionManager,
                positions,
                idempotency,
                properties,
                aggregateCache,
                recorded,
                CommandMetrics.none());
    }

    /** @param metrics where each command's type, outcome and time go */
    @Autowired
    public CommandDispatcher(
            CommandGateway gateway,
            PlatformTransactionManager transactionManager,
            EventPositions positions,
            IdempotencyStore idempotency,
            CommandSideProperties properties,
            Cache aggregateCache,
            RecordedEvents recorded,
            CommandMetrics metrics) {
        this.metrics = metrics;
        this.gateway = gateway;
        this.recorded = recorded;
        this.aggregateCache = aggregateCache;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setTimeout(properties.commands().timeoutSeconds());
        this.limitNanos = TimeUnit.SECONDS.toNanos(properties.commands().timeoutSeconds());
        this.slowNanos = TimeUnit.MILLISECONDS.toNanos(properties.commands().slowMillis());
        this.positions = positions;
        this.idempotency = idempotency;
        this.appendsInTransaction = properties.eventStore().appendsInSqlTransaction();
        // Longer than any live holder can keep a claim pending: its wait for the aggregate's lock, twice
        // its time limit, and a margin for clocks that differ between nodes.
        this.staleClaim = Duration.ofMillis(LOCK_TIMEOUT_MS)
                .plusSeconds(2L * properties.commands().timeoutSeconds())
                .plusSeconds(30);
        // Daemon threads: a command thread must never keep a stopping JVM alive.
        this.scheduler = Schedulers.newBoundedElastic(
                properties.commandThreads(), properties.commands().queueSize(), "atrium-command", 60, true);
    }

    /**
     * Observes each command (a span when tracing is on). The server calls this once at start; until then,
     * and when tracing is off, commands are not observed at all.
     */
    public void observeWith(ObservationRegistry registry) {
        this.observations = registry;
    }

    /** Runs the command off the event loop. */
    public Mono<Accepted> dispatch(AtriumCommand command, RequestContext context) {
        return onCommandThread(() -> execute(command, context));
    }

    /** Runs blocking work on the command scheduler; a full queue is answered as {@link BusyException}. */
    public <T> Mono<T> onCommandThread(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(scheduler)
                .onErrorMap(
                        RejectedExecutionException.class,
                        e -> new BusyException("too many commands are waiting; retry shortly"));
    }

    /**
     * Runs the command on the calling thread (which must not be an event-loop thread) and answers
     * what it recorded; a retried {@code Idempotency-Key} answers its first result instead.
     */
    public Accepted execute(AtriumCommand command, RequestContext context) {
        // Every line logged while the command runs, the slow-command warning included, names its request;
        // closed last, so that nothing thrown on the way out leaves it on this pooled thread.
        try (CommandMdc ignored = CommandMdc.of(context)) {
            long started = System.nanoTime();
            @Nullable Throwable failure = null;
            boolean appended = false;
            try {
                // Everything the command reads and writes goes to its caller's tenant's database (see TenantScope).
                Accepted accepted = observed(
                        command,
                        () -> TenantScope.in(context.caller().tenant(), () -> executeLocked(command, context)));
                // A retry answered from its first result, or a command that changed nothing, appended nothing.
                appended = !accepted.replayed() && recorded.last() != null;
                return accepted;
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                long took = System.nanoTime() - started;
                metrics.command(command.getClass(), took, failure, appended);
                if (took > slowNanos) {
                    LOG.warn(
                            "Slow command: {} on {} took {} ms (request {})",
                            command.getClass().getSimpleName(),
                            command.targetId(),
                            TimeUnit.NANOSECONDS.toMillis(took),
                            context.correlationId());
                }
            }
        }
    }

    /** Runs {@code work} as one observation of the command: a span named after its type when tracing is on. */
    private <T> T observed(AtriumCommand command, Supplier<T> work) {
        ObservationRegistry registry = observations;
        if (registry.isNoop()) {
            return work.get();
        }
        String type = command.getClass().getSimpleName();
        return Observation.createNotStarted(OBSERVATION, registry)
                .contextualName("command " + type)
                .lowCardinalityKeyValue("type", type)
                .observe(work);
    }

    /**
     * Whether a command that failed recorded nothing. On the SQL stores it always did: the append rolls
     * back with the command's transaction. On KurrentDB an append commits on its own, and a command can
     * fail after it (or without knowing whether it landed), so a failure there proves nothing; whoever
     * stored something for the command (an uploaded blob) must then keep it rather than remove what a
     * recorded event may name.
     */
    public boolean failuresRecordNothing() {
        return appendsInTransaction;
    }

    /** The observation (span) of a command; tracing-only, so it never doubles the command metrics. */
    public static final String OBSERVATION = "atrium.tracing.command";

    private Accepted executeLocked(AtriumCommand command, RequestContext context) {
        if (!appendsInTransaction && context.idempotencyKey() != null) {
            return executeClaimed(command, context);
        }
        return withLock(command.targetId(), () -> {
            try {
                return transactions.execute(status -> {
                    long begun = System.nanoTime();
                    Optional<Accepted> earlier = earlierAnswer(context);
                    if (earlier.isPresent()) {
                        return earlier.get();
                    }
                    recorded.clear();
                    send(command, context);
                    long position = positionOf(command.targetId(), recorded.last());
                    if (context.idempotencyKey() != null) {
                        idempotency.record(
                                context.caller().tenant(),
                                context.idempotencyKey(),
                                context.fingerprint(),
                                command.targetId(),
                                position);
                    }
                    withinLimit(begun);
                    return new Accepted(command.targetId(), position, false);
                });
            } catch (DuplicateKeyException e) {
                forget(command.targetId());
                // Another request with the same Idempotency-Key committed first; answer what it answered.
                return transactions.execute(status -> earlierAnswer(context)).orElseThrow(() -> e);
            } catch (RuntimeException | Error e) {
                forget(command.targetId());
                throw e;
            }
        });
    }

    /**
     * Runs a command whose handler answers a value the caller needs (a login attempt's verdict, a
     * refresh's outcome), on the calling thread (never an event-loop thread), in one transaction under
     * the aggregate's lock like {@link #execute}. These commands take no Idempotency-Key: each is an
     * attempt of its own, and its events must stand even when the answer is a refusal.
     */
    public <R> R executeForAnswer(AtriumCommand command, RequestContext context, Class<R> type) {
        long started = System.nanoTime();
        @Nullable Throwable failure = null;
        try (CommandMdc ignored = CommandMdc.of(context)) {
            return observed(command, () -> executeLockedForAnswer(command, context, type));
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            metrics.command(
                    command.getClass(),
                    System.nanoTime() - started,
                    failure,
                    failure == null && recorded.last() != null);
        }
    }

    private <R> R executeLockedForAnswer(AtriumCommand command, RequestContext context, Class<R> type) {
        return withLock(command.targetId(), () -> {
            try {
                Object answer = transactions.execute(status -> {
                    recorded.clear();
                    return send(command, context);
                });
                return type.cast(java.util.Objects.requireNonNull(answer, "the command answered nothing"));
            } catch (RuntimeException | Error e) {
                forget(command.targetId());
                throw e;
            }
        });
    }

    /**
     * A command with an Idempotency-Key on a store whose append does not roll back with the SQL
     * transaction (KurrentDB). Two requests with one key must never both append, so the key is claimed
     * first, in a transaction of its own, and the others wait for the holder's answer. The holder's
     * command transaction locks the claim row before it appends (a takeover waits for it) and answers
     * it in the same transaction. If the command fails, what its store did decides the claim's fate:
     * nothing appended, the claim is given up and a retry runs again; appended, the claim is answered
     * anyway (the change stands); not known (the store did not answer), the claim stays pending until
     * a retry takes it over as stale, which first looks whether a created aggregate exists.
     */
    private Accepted executeClaimed(AtriumCommand command, RequestContext context) {
        TenantId tenant = context.caller().tenant();
        String key = java.util.Objects.requireNonNull(context.idempotencyKey());
        Claimed claimed = claim(command, context);
        if (claimed.earlier() != null) {
            return claimed.earlier();
        }
        IdempotencyStore.Claim claim = java.util.Objects.requireNonNull(claimed.claim());
        AppendOutcome.reset();
        try {
            return withLock(
                    command.targetId(),
                    () -> transactions.execute(status -> {
                        if (!idempotency.hold(tenant, key, claim)) {
                            throw new BusyException("another request took this Idempotency-Key over; retry shortly");
                        }
                        recorded.clear();
                        send(command, context);
                        long position = positionOf(command.targetId(), recorded.last());
                        idempotency.answer(tenant, key, claim, command.targetId(), position);
                        return new Accepted(command.targetId(), position, false);
                    }));
        } catch (RuntimeException | Error e) {
            forget(command.targetId());
            AppendOutcome.State outcome = AppendOutcome.get();
            try {
                switch (outcome) {
                    case NONE -> transactions.executeWithoutResult(status -> idempotency.release(tenant, key, claim));
                    case APPENDED -> answerAfterFailure(tenant, key, claim, command.targetId());
                    case UNKNOWN ->
                        LOG.warn(
                                "Idempotency-Key {}: the store did not say whether {} was recorded; the key stays "
                                        + "claimed until a retry takes it over",
                                key,
                                command.targetId());
                }
            } catch (RuntimeException settling) {
                e.addSuppressed(settling);
            }
            if (e instanceof TransactionTimedOutException timedOut && outcome == AppendOutcome.State.APPENDED) {
                // "Timed out, nothing was recorded" would be false here: the events stand.
                TimedOutAfterAppend stored = new TimedOutAfterAppend(timedOut);
                for (Throwable suppressed : e.getSuppressed()) {
                    stored.addSuppressed(suppressed);
                }
                throw stored;
            }
            throw e;
        } finally {
            AppendOutcome.reset();
        }
    }

    /** The events stand although the command failed after them: its claim gets their answer. */
    private void answerAfterFailure(TenantId tenant, String key, IdempotencyStore.Claim claim, String aggregateId) {
        OptionalLong newest = positions.newestPosition(aggregateId);
        if (newest.isPresent()) {
            transactions.executeWithoutResult(
                    status -> idempotency.answer(tenant, key, claim, aggregateId, newest.getAsLong()));
        }
    }

    /** Either this request now holds the key's claim, or the answer of the request that held it. */
    private record Claimed(
            IdempotencyStore.@Nullable Claim claim,
            @Nullable Accepted earlier) {}

    /** Claims the request's key; or the answer of the request that holds it, once it has one. */
    private Claimed claim(AtriumCommand command, RequestContext context) {
        TenantId tenant = context.caller().tenant();
        String key = java.util.Objects.requireNonNull(context.idempotencyKey());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_TIMEOUT_MS);
        while (true) {
            try {
                IdempotencyStore.Claim claim = transactions.execute(
                        status -> idempotency.claim(tenant, key, context.fingerprint(), command.targetId()));
                return new Claimed(claim, null);
            } catch (DuplicateKeyException taken) {
                Optional<IdempotencyStore.Recorded> holder =
                        transactions.execute(status -> idempotency.find(tenant, key));
                if (holder != null && holder.isPresent()) {
                    IdempotencyStore.Recorded recorded = holder.get();
                    if (!recorded.fingerprint().equals(context.fingerprint())) {
                        throw new IdempotencyKeyReusedException(key);
                    }
                    if (recorded.position() != IdempotencyStore.PENDING) {
                        return new Claimed(null, new Accepted(recorded.aggregateId(), recorded.position(), true));
                    }
                    Claimed stale = takeOver(tenant, key, command);
                    if (stale != null) {
                        return stale;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new BusyException("a request with this Idempotency-Key is still running; retry shortly");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BusyException("interrupted while waiting for a request with the same Idempotency-Key");
            }
        }
    }

    /**
     * A claim pending longer than any live holder can take (its lock wait, twice its time limit, and a
     * margin for clocks) is taken over. If the old holder's command created an aggregate that now
     * exists, the old command's change stands: the key is answered with it and nothing runs again.
     */
    private @Nullable Claimed takeOver(TenantId tenant, String key, AtriumCommand command) {
        Optional<IdempotencyStore.Claim> took = transactions.execute(
                status -> idempotency.takeOver(tenant, key, Instant.now().minus(staleClaim)));
        if (took == null || took.isEmpty()) {
            return null;
        }
        IdempotencyStore.Claim claim = took.get();
        if (!claim.aggregateId().equals(command.targetId())) {
            OptionalLong created = positions.newestPosition(claim.aggregateId());
            if (created.isPresent()) {
                transactions.executeWithoutResult(
                        status -> idempotency.answer(tenant, key, claim, claim.aggregateId(), created.getAsLong()));
                return new Claimed(null, new Accepted(claim.aggregateId(), created.getAsLong(), true));
            }
        }
        return new Claimed(claim, null);
    }

    /** Runs {@code work} holding the lock of {@code key} (an aggregate id or a blob digest). */
    public <T> T withLock(String key, Callable<T> work) {
        ReentrantLock lock = locks.lockFor(key);
        try {
            if (!locks.tryLock(lock, LOCK_TIMEOUT_MS)) {
                throw new BusyException("the target is busy with other commands; retry shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException("interrupted while waiting for the target");
        }
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Axon updates its aggregate cache when its unit of work commits, which is before this
     * transaction does; if the transaction then fails, the cached aggregate is ahead of the store.
     */
    private void forget(String aggregateId) {
        aggregateCache.remove(aggregateId);
    }

    private Optional<Accepted> earlierAnswer(RequestContext context) {
        String key = context.idempotencyKey();
        if (key == null) {
            return Optional.empty();
        }
        return idempotency.find(context.caller().tenant(), key).map(recorded -> {
            if (!recorded.fingerprint().equals(context.fingerprint())) {
                throw new IdempotencyKeyReusedException(key);
            }
            return new Accepted(recorded.aggregateId(), recorded.position(), true);
        });
    }

    private @Nullable Object send(AtriumCommand command, RequestContext context) {
        MetaData metaData = MetaData.from(Map.of(
                EventMetadata.TENANT, context.caller().tenant().value(),
                EventMetadata.ACTOR, context.caller().actor().value(),
                EventMetadata.CLIENT_ADDRESS, context.clientAddress(),
                EventMetadata.CORRELATION_ID, context.correlationId(),
                EventMetadata.COMMAND_NAME, command.getClass().getSimpleName()));
        try {
            return gateway.sendAndWait(
                    GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Refuses to commit a command that outlived its time limit. Spring checks the transaction's
     * deadline only when a statement is opened, so a command whose last statement ran before its
     * handlers went slow would otherwise commit late and answer 202. Only where the append rolls back
     * with the transaction: on KurrentDB the events already stand, and saying "nothing was recorded"
     * would be false.
     */
    private void withinLimit(long begun) {
        if (appendsInTransaction && System.nanoTime() - begun > limitNanos) {
            throw new TransactionTimedOutException("the command outlived its limit of "
                    + TimeUnit.NANOSECONDS.toSeconds(limitNanos) + " s before its commit");
        }
    }

    /**
     * The position of the target's newest event. When this command recorded one, it is found by its
     * exact key; otherwise (a command that changed nothing) the target's history is searched for it.
     */
    private long positionOf(String aggregateId, RecordedEvents.Recorded last) {
        OptionalLong position = last != null && last.aggregateId().equals(aggregateId)
                ? positions.positionOfAppended(aggregateId, last.sequence())
                : positions.newestPosition(aggregateId);
        return position.orElseThrow(
                () -> new IllegalStateException("command on " + aggregateId + " recorded no event"));
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}

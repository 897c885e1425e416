package io.atrium.command.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.command.CommandSideProperties;
import io.atrium.command.eventstore.BoundedAggregateCache;
import io.atrium.command.eventstore.EventPositions;
import io.atrium.command.eventstore.EventStoreDatabase;
import io.atrium.command.eventstore.EventStoreUnavailableException;
import io.atrium.command.miniprogram.MiniProgramCommands.UpdateMiniProgramDetails;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.miniprogram.MiniProgramId;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * On KurrentDB (appends commit on their own) a request with an Idempotency-Key claims the key before
 * it runs. Each append here stands for one that KurrentDB kept: a key must never run its command twice.
 */
class ClaimedIdempotencyTest {

    private static final String FINGERPRINT = "a".repeat(64);

    @TempDir
    Path dir;

    private HikariDataSource data;

    @AfterEach
    void close() {
        if (data != null) {
            data.close();
        }
    }

    private CommandDispatcher dispatcher(CommandGateway gateway, EventPositions positions, int timeoutSeconds) {
        data = EventStoreDatabase.open(
                "jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
        CommandSideProperties properties = new CommandSideProperties(
                dir,
                new CommandSideProperties.EventStore(
                        "kurrentdb",
                        null,
                        "sa",
                        "",
                        4,
                        50,
                        null,
                        new CommandSideProperties.EventStore.Kurrentdb("kurrentdb://127.0.0.1:2113?tls=false", 5000)),
                new CommandSideProperties.Packages(1, 1, 1, 1, 1, 1),
                new CommandSideProperties.Commands(4, 10, timeoutSeconds, 100_000));
        return new CommandDispatcher(
                gateway,
                new DataSourceTransactionManager(data),
                positions,
                new IdempotencyStore(new JdbcTemplate(data)),
                properties,
                new BoundedAggregateCache(10),
                new RecordedEvents());
    }

    /** A stand-in for Axon on KurrentDB: every call appends for good, after {@code delayMillis}, and says so. */
    private static CommandGateway appending(AtomicInteger appends, long delayMillis) {
        return (CommandGateway) Proxy.newProxyInstance(
                ClaimedIdempotencyTest.class.getClassLoader(),
                new Class<?>[] {CommandGateway.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("sendAndWait")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Thread.sleep(delayMillis);
                    appends.incrementAndGet();
                    // As the KurrentDB engine reports a kept append to the dispatcher.
                    io.atrium.command.eventstore.AppendOutcome.appended();
                    return null;
                });
    }

    private static UpdateMiniProgramDetails command(MiniProgramId id) {
        return new UpdateMiniProgramDetails(
                id, TenantId.DEFAULT, new ActorId("key-dev"), "Renamed", null, null, List.<String>of());
    }

    private static RequestContext keyed(String key, String request) {
        return new RequestContext(Caller.system(TenantId.DEFAULT), "127.0.0.1", request, key, FINGERPRINT);
    }

    /**
     * The append is kept, then the position lookup (a KurrentDB read) meets a blip: the request fails as
     * retryable (503) and its claim is released, so the client's retry with the same key appends again.
     */
    @Test
    void aRetryAfterAFailureThatFollowedTheAppendDoesNotAppendAgain() {
        AtomicInteger appends = new AtomicInteger();
        AtomicBoolean blip = new AtomicBoolean(true);
        EventPositions positions = new EventPositions() {
            @Override
            public OptionalLong positionOf(String aggregateId, long sequence) {
                return newestPosition(aggregateId);
            }

            @Override
            public OptionalLong newestPosition(String aggregateId) {
                if (blip.getAndSet(false)) {
                    throw new EventStoreUnavailableException(
                            "KurrentDB cannot be reached while reading", new IllegalStateException("blip"));
                }
                return OptionalLong.of(1000L + appends.get());
            }

            @Override
            public OptionalLong sequenceAt(String aggregateId, long position) {
                return OptionalLong.empty();
            }
        };
        CommandDispatcher dispatcher = dispatcher(appending(appends, 0), positions, 30);
        try {
            MiniProgramId id = MiniProgramId.generate();
            assertThatThrownBy(() -> dispatcher.execute(command(id), keyed("k-1", "req-1")))
                    .isInstanceOf(EventStoreUnavailableException.class);
            assertThat(appends).as("the first attempt's append was kept").hasValue(1);

            try {
                dispatcher.execute(command(id), keyed("k-1", "req-1-retry"));
            } catch (RuntimeException refusedIsFine) {
                // Refusing the retry is acceptable; running the command a second time is not.
            }
            assertThat(appends).as("appends for one Idempotency-Key").hasValue(1);
        } finally {
            dispatcher.destroy();
        }
    }
    /**
     * The append is kept, then the command outlives its limit before its key is answered. The change
     * stands, so the timeout must not say "nothing was recorded", and a retry with the key receives
     * the change's answer without appending again.
     */
    @Test
    void aTimeoutAfterTheAppendSaysTheChangeStandsAndTheRetryGetsItsAnswer() {
        AtomicInteger appends = new AtomicInteger();
        CommandGateway appendsThenStalls = (CommandGateway) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {CommandGateway.class}, (proxy, method, args) -> {
                    appends.incrementAndGet();
                    io.atrium.command.eventstore.AppendOutcome.appended();
                    Thread.sleep(1_300);
                    return null;
                });
        EventPositions positions = new EventPositions() {
            @Override
            public OptionalLong positionOf(String aggregateId, long sequence) {
                return newestPosition(aggregateId);
            }

            @Override
            public OptionalLong newestPosition(String aggregateId) {
                return OptionalLong.of(1000L + appends.get());
            }

            @Override
            public OptionalLong sequenceAt(String aggregateId, long position) {
                return OptionalLong.empty();
            }
        };
        CommandDispatcher dispatcher = dispatcher(appendsThenStalls, positions, 1);
        try {
            MiniProgramId id = MiniProgramId.generate();
            assertThatThrownBy(() -> dispatcher.execute(command(id), keyed("k-late", "req-late")))
                    .isInstanceOf(TimedOutAfterAppend.class);

            Accepted retried = dispatcher.execute(command(id), keyed("k-late", "req-late-retry"));
            assertThat(retried.position()).isEqualTo(1001L);
            assertThat(appends).as("appends for one Idempotency-Key").hasValue(1);
        } finally {
            dispatcher.destroy();
        }
    }

    /**
     * The winner is alive, only waiting for its aggregate's lock (which another command holds). That
     * wait is outside the command's time limit, so the claim looks stale to a retry, which takes it over;
     * nothing fences the winner off, and both append.
     */
    @Test
    void aSlowButAliveWinnerIsNotTakenOver() throws Exception {
        AtomicInteger appends = new AtomicInteger();
        EventPositions positions = new EventPositions() {
            @Override
            public OptionalLong positionOf(String aggregateId, long sequence) {
                return newestPosition(aggregateId);
            }

            @Override
            public OptionalLong newestPosition(String aggregateId) {
                return OptionalLong.of(1000L + appends.get());
            }

            @Override
            public OptionalLong sequenceAt(String aggregateId, long position) {
                return OptionalLong.empty();
            }
        };
        // A 2 s command time limit: a claim counts as stale after 4 s.
        CommandDispatcher dispatcher = dispatcher(appending(appends, 0), positions, 2);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            MiniProgramId id = MiniProgramId.generate();
            CountDownLatch held = new CountDownLatch(1);
            // Another command on the same aggregate, busy for 5 s (under the 10 s lock wait).
            Future<?> busy = threads.submit(() -> dispatcher.withLock(id.value(), () -> {
                held.countDown();
                Thread.sleep(5_000);
                return null;
            }));
            held.await();
            Future<Accepted> winner = threads.submit(() -> dispatcher.execute(command(id), keyed("k-2", "req-2")));
            Thread.sleep(200);
            Future<Accepted> retry = threads.submit(() -> dispatcher.execute(command(id), keyed("k-2", "req-2-retry")));
            busy.get();
            for (Future<Accepted> answer : List.of(winner, retry)) {
                try {
                    answer.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException refusedIsFine) {
                    // Refusing one is acceptable; running the command twice is not.
                }
            }
            assertThat(appends).as("appends for one Idempotency-Key").hasValue(1);
        } finally {
            threads.shutdownNow();
            dispatcher.destroy();
        }
    }
}

package io.atrium.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.command.eventstore.EventStoreUnavailableException;
import io.atrium.command.security.SecurityRecordCommands.RecordRefusal;
import io.atrium.command.security.SecurityRecordCommands.RecordSensitiveRead;
import io.atrium.events.ActorId;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/** Coalescing and hand-over, on a clock the test moves and without the worker thread. */
class SecurityLogTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private static final class MovableClock extends Clock {
        volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final List<SecurityLog.Pending> appended = new ArrayList<>();
    private final SecurityLog log = new SecurityLog(appended::add, clock, false);

    private static SecurityLog.Refusal refusal(String address, String route) {
        return new SecurityLog.Refusal(
                address, "GET", route, 401, "https://atrium.dev/problems/unauthenticated", null, null, "req-1");
    }

    private List<RecordRefusal> refusals() {
        log.appendWaiting();
        return appended.stream()
                .map(SecurityLog.Pending::command)
                .filter(RecordRefusal.class::isInstance)
                .map(RecordRefusal.class::cast)
                .toList();
    }

    @Test
    void aFloodFromOneAddressOnOneRouteBecomesOneEntryAndOneCountOfTheRest() {
        for (int i = 0; i < 500; i++) {
            log.refused(refusal("10.0.0.1", "/api/v1/mini-programs"));
        }
        assertThat(refusals()).singleElement().satisfies(r -> {
            assertThat(r.suppressed()).isZero();
            assertThat(r.tenant())
                    .as("nobody authenticated: the platform tenant")
                    .isEqualTo(TenantId.DEFAULT);
            assertThat(r.actor()).isEqualTo(SecurityLog.ANONYMOUS);
        });

        // Before the window ends nothing more is written; once it has, the sweep writes the count.
        clock.now = T0.plus(SecurityLog.WINDOW).minusSeconds(1);
        log.sweep(clock.instant());
        assertThat(refusals()).hasSize(1);
        clock.now = T0.plus(SecurityLog.WINDOW);
        log.sweep(clock.instant());
        List<RecordRefusal> written = refusals();
        assertThat(written).hasSize(2);
        assertThat(written.get(1).suppressed())
                .as("the entry stands for the last refusal and 498 more: 500 in all")
                .isEqualTo(498);
        assertThat(written.stream().mapToLong(r -> 1 + r.suppressed()).sum()).isEqualTo(500);
    }

    @Test
    void eachAddressAndRouteHasItsOwnWindowAndANewWindowStartsWithAnEntry() {
        log.refused(refusal("10.0.0.1", "/api/v1/mini-programs"));
        log.refused(refusal("10.0.0.2", "/api/v1/mini-programs"));
        log.refused(refusal("10.0.0.1", "/api/v1/host-apps"));
        log.refused(refusal("10.0.0.1", "/api/v1/host-apps"));
        assertThat(refusals()).hasSize(3);

        // The next refusal after the window closes the old one (its count) and is recorded itself.
        clock.now = T0.plus(SecurityLog.WINDOW).plusSeconds(5);
        log.refused(refusal("10.0.0.1", "/api/v1/host-apps"));
        List<RecordRefusal> written = refusals();
        assertThat(written).hasSize(5);
        assertThat(written.get(3).suppressed()).isZero();
        assertThat(written.get(3).route()).isEqualTo("/api/v1/host-apps");
        assertThat(written.get(4).suppressed()).isZero();
    }

    @Test
    void madeUpPathsAndMethodsFromOneAddressShareOneWindow() {
        // A scan invents a new path (or method) each time: each must not be a window, and an entry, of its own.
        for (int i = 0; i < 500; i++) {
            log.refused(new SecurityLog.Refusal(
                    "10.0.0.9",
                    i % 2 == 0 ? "GET" : "PROBE" + i,
                    "/api/v1/nothing-here-" + i,
                    401,
                    "https://atrium.dev/problems/unauthenticated",
                    null,
                    null,
                    null,
                    false));
        }
        assertThat(refusals())
                .singleElement()
                .satisfies(r -> assertThat(r.route())
                        .as("the entry still names the path asked for")
                        .isEqualTo("/api/v1/nothing-here-0"));
        log.flush();
        List<RecordRefusal> written = refusals();
        assertThat(written).hasSize(2);
        assertThat(written.get(1).suppressed()).isEqualTo(498);
        assertThat(written.get(1).route()).isEqualTo("/api/v1/nothing-here-499");

        // A real route keeps its own window, apart from the scan's.
        log.refused(refusal("10.0.0.9", "/api/v1/mini-programs"));
        assertThat(refusals()).hasSize(3);
    }

    @Test
    void aKnownCallerIsRecordedUnderItsTenantAndAsItsPrincipal() {
        log.refused(new SecurityLog.Refusal(
                "10.0.0.1",
                "POST",
                "/api/v1/host-apps",
                403,
                "https://atrium.dev/problems/forbidden",
                new TenantId("acme"),
                "key-01jd00000000000000000000dv",
                null));
        assertThat(refusals()).singleElement().satisfies(r -> {
            assertThat(r.tenant()).isEqualTo(new TenantId("acme"));
            assertThat(r.actor().value()).isEqualTo("key-01jd00000000000000000000dv");
            assertThat(r.principal()).isEqualTo("key-01jd00000000000000000000dv");
        });
        assertThat(appended.get(0).context().clientAddress()).isEqualTo("10.0.0.1");
    }

    private static SecurityLog.SensitiveRead read(String route) {
        return read(TenantId.DEFAULT, route);
    }

    private static SecurityLog.SensitiveRead read(TenantId tenant, String route) {
        return new SecurityLog.SensitiveRead(
                "10.0.0.1",
                "GET",
                route,
                "type=atrium.security.RequestRefused",
                tenant,
                new ActorId("key-01jd00000000000000000000au"),
                "key-01jd00000000000000000000au",
                null);
    }

    private static String route(SecurityLog.Pending pending) {
        return ((RecordSensitiveRead) pending.command()).route();
    }

    /** What the dispatcher throws while the event store cannot be reached. */
    private static EventStoreUnavailableException down() {
        return new EventStoreUnavailableException("the store is down", new java.net.ConnectException("refused"));
    }

    /** A store that refuses every append of a record on {@code route} with {@code failure}, and takes the rest. */
    private SecurityLog failingOn(
            String route, java.util.function.Supplier<RuntimeException> failure, List<SecurityLog.Pending> tried) {
        return new SecurityLog(
                p -> {
                    tried.add(p);
                    if (routeOf(p).equals(route)) {
                        throw failure.get();
                    }
                    appended.add(p);
                },
                clock,
                false);
    }

    /** A store that refuses the first {@code failures} appends it is asked for, then takes each. */
    private SecurityLog storeDownFor(int failures, List<SecurityLog.Pending> tried) {
        int[] left = {failures};
        return new SecurityLog(
                p -> {
                    tried.add(p);
                    if (left[0]-- > 0) {
                        throw down();
                    }
                    appended.add(p);
                },
                clock,
                false);
    }

    @Test
    void oneTenantsFailingStoreHoldsUpOnlyThatTenantsRecords() {
        TenantId acme = new TenantId("acme");
        boolean[] acmeDown = {true};
        List<SecurityLog.Pending> tried = new ArrayList<>();
        SecurityLog log = new SecurityLog(
                p -> {
                    tried.add(p);
                    if (acmeDown[0] && p.context().caller().tenant().equals(acme)) {
                        throw down();
                    }
                    appended.add(p);
                },
                clock,
                false);
        log.sensitiveRead(read(acme, "/acme-1"));
        log.sensitiveRead(read("/default-1"));
        log.sensitiveRead(read(acme, "/acme-2"));

        assertThat(log.appendWaiting()).isEqualTo(1);
        assertThat(tried)
                .as("acme's second record waits behind its first, untried")
                .extracting(SecurityLogTest::route)
                .containsExactly("/acme-1", "/default-1");

        acmeDown[0] = false;
        clock.now = T0.plus(SecurityLog.RETRIES.get(0));
        assertThat(log.appendWaiting()).isEqualTo(2);
        assertThat(appended).extracting(SecurityLogTest::route).containsExactly("/default-1", "/acme-1", "/acme-2");
    }

    @Test
    void aFailedAppendIsTriedAgainAfterItsWaitWithTheRecordsBehindItInOrder() {
        List<SecurityLog.Pending> tried = new ArrayList<>();
        SecurityLog down = storeDownFor(2, tried);
        down.sensitiveRead(read("/api/v1/audit/events"));
        down.sensitiveRead(read("/api/v1/audit/export"));

        assertThat(down.appendWaiting()).isZero();
        assertThat(tried).as("the second waits behind the first").hasSize(1);

        clock.now = T0.plus(SecurityLog.RETRIES.get(0)).minusMillis(1);
        assertThat(down.appendWaiting()).as("not due yet").isZero();
        assertThat(tried).hasSize(1);

        clock.now = T0.plus(SecurityLog.RETRIES.get(0));
        assertThat(down.appendWaiting()).as("due, and the store is still down").isZero();
        assertThat(tried).hasSize(2);

        clock.now = clock.now.plus(SecurityLog.RETRIES.get(1));
        assertThat(down.appendWaiting()).isEqualTo(2);
        assertThat(appended)
                .extracting(SecurityLogTest::route)
                .containsExactly("/api/v1/audit/events", "/api/v1/audit/export");
        assertThat(down.givenUp()).isZero();
    }

    @Test
    void aRecordTheStoreNeverTakesIsGivenUpAfterTheLastWaitAndTheRestGoOn() {
        List<SecurityLog.Pending> tried = new ArrayList<>();
        SecurityLog refusing = failingOn("/never", () -> down(), tried);
        refusing.sensitiveRead(read("/never"));
        refusing.sensitiveRead(read("/api/v1/members"));

        assertThat(refusing.appendWaiting()).isZero();
        for (java.time.Duration wait : SecurityLog.RETRIES) {
            assertThat(appended).isEmpty();
            clock.now = clock.now.plus(wait);
            refusing.appendWaiting();
        }
        assertThat(tried)
                .extracting(SecurityLogTest::route)
                .filteredOn("/never"::equals)
                .hasSize(SecurityLog.RETRIES.size() + 1);
        assertThat(refusing.givenUp()).isEqualTo(1);
        assertThat(appended).extracting(SecurityLogTest::route).containsExactly("/api/v1/members");
    }

    @Test
    void aRecordTheStoreRefusesForWhatItIsIsGivenUpAtOnceAndHoldsNothingUp() {
        List<SecurityLog.Pending> tried = new ArrayList<>();
        SecurityLog refusing = failingOn(
                "/invalid", () -> new InvalidValueException("route", "a route the record cannot hold"), tried);
        refusing.sensitiveRead(read("/invalid"));
        refusing.sensitiveRead(read("/api/v1/members"));

        assertThat(refusing.appendWaiting()).as("the second, at once").isEqualTo(1);
        assertThat(tried).hasSize(2);
        assertThat(refusing.givenUp()).isEqualTo(1);
        assertThat(appended).extracting(SecurityLogTest::route).containsExactly("/api/v1/members");
    }

    @Test
    void onlyFailuresThatPassByThemselvesAreRetried() {
        assertThat(SecurityLog.passing(down())).isTrue();
        assertThat(SecurityLog.passing(new org.springframework.transaction.CannotCreateTransactionException(
                        "no connection", new java.sql.SQLTransientConnectionException("pool timed out"))))
                .isTrue();
        assertThat(SecurityLog.passing(new IllegalStateException(
                        "wrapped", new java.sql.SQLNonTransientConnectionException("connection refused"))))
                .as("found in the causes")
                .isTrue();
        assertThat(SecurityLog.passing(new org.springframework.transaction.TransactionTimedOutException("late")))
                .isTrue();
        assertThat(SecurityLog.passing(new InvalidValueException("route", "too long")))
                .isFalse();
        assertThat(SecurityLog.passing(new io.atrium.command.dispatch.BusyException("the aggregate is busy")))
                .isTrue();
        assertThat(SecurityLog.passing(new java.io.UncheckedIOException(new java.io.IOException("reset"))))
                .isTrue();
        assertThat(SecurityLog.passing(
                        new IllegalStateException(new java.util.concurrent.TimeoutException("no answer"))))
                .isTrue();
        assertThat(SecurityLog.passing(new NullPointerException())).isFalse();
        assertThat(SecurityLog.passing(new AggregateStreamCreationException("a record id used twice")))
                .isFalse();
    }

    @Test
    void aRetryThatFindsItsRecordStoredAfterAllCountsItRecorded() {
        int[] calls = {0};
        SecurityLog lostAnswer = new SecurityLog(
                p -> {
                    calls[0]++;
                    if (calls[0] == 1) {
                        throw down();
                    }
                    if (calls[0] == 2) {
                        throw new AggregateStreamCreationException("the record's stream exists");
                    }
                    appended.add(p);
                },
                clock,
                false);
        lostAnswer.sensitiveRead(read("/api/v1/audit/events"));
        lostAnswer.sensitiveRead(read("/api/v1/audit/verify"));
        assertThat(lostAnswer.appendWaiting()).isZero();

        clock.now = T0.plus(SecurityLog.RETRIES.get(0));
        assertThat(lostAnswer.appendWaiting()).isEqualTo(2);
        assertThat(appended).extracting(SecurityLogTest::route).containsExactly("/api/v1/audit/verify");
        assertThat(lostAnswer.givenUp()).isZero();
    }

    @Test
    void aRetryMeetingAConcurrencyConflictCountsItsRecordStoredToo() {
        int[] calls = {0};
        SecurityLog lostAnswer = new SecurityLog(
                p -> {
                    calls[0]++;
                    if (calls[0] == 1) {
                        throw down();
                    }
                    throw new ConcurrencyException("an event at sequence 0 was already inserted");
                },
                clock,
                false);
        lostAnswer.sensitiveRead(read("/api/v1/audit/events"));
        assertThat(lostAnswer.appendWaiting()).isZero();
        clock.now = T0.plus(SecurityLog.RETRIES.get(0));
        assertThat(lostAnswer.appendWaiting()).isEqualTo(1);
        assertThat(lostAnswer.givenUp()).isZero();
    }

    @Test
    void aFirstAttemptThatConflictsIsAFailureNotARecord() {
        List<SecurityLog.Pending> tried = new ArrayList<>();
        SecurityLog conflicting = new SecurityLog(
                p -> {
                    tried.add(p);
                    throw new AggregateStreamCreationException("a record id used twice");
                },
                clock,
                false);
        conflicting.sensitiveRead(read("/api/v1/audit/events"));
        conflicting.sensitiveRead(read("/api/v1/audit/verify"));
        assertThat(conflicting.appendWaiting()).isZero();
        assertThat(tried).as("each tried once, neither held").hasSize(2);
        assertThat(conflicting.givenUp()).isEqualTo(2);
    }

    @Test
    void recordsDroppedOrGivenUpAreCountedForTheOperator() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SecurityLog refusing = new SecurityLog(
                p -> {
                    throw down();
                },
                clock,
                false);
        refusing.countLostIn(registry);
        for (int i = 0; i < SecurityLog.CAPACITY + 3; i++) {
            refusing.sensitiveRead(read("/api/v1/audit/events"));
        }
        refusing.appendWaiting();
        assertThat(registry.get(SecurityLog.LOST)
                        .tag("reason", "dropped")
                        .functionCounter()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get(SecurityLog.LOST)
                        .tag("reason", "given_up")
                        .functionCounter()
                        .count())
                .as("beyond the records held for a retry, each failed record is given up at once")
                .isEqualTo(SecurityLog.CAPACITY - SecurityLog.HELD_CAPACITY);
        for (java.time.Duration wait : SecurityLog.RETRIES) {
            clock.now = clock.now.plus(wait);
            refusing.appendWaiting();
        }
        assertThat(registry.get(SecurityLog.LOST)
                        .tag("reason", "given_up")
                        .functionCounter()
                        .count())
                .as("and the first held record after its last wait")
                .isEqualTo(SecurityLog.CAPACITY - SecurityLog.HELD_CAPACITY + 1);
    }

    @Test
    void atShutdownEachWaitingRecordGetsOneAttemptAndWhatFailsIsCounted() throws InterruptedException {
        List<SecurityLog.Pending> tried = new ArrayList<>();
        SecurityLog down = storeDownFor(Integer.MAX_VALUE, tried);
        down.sensitiveRead(read("/api/v1/audit/events"));
        down.refused(refusal("10.0.0.9", "/api/v1/mini-programs"));
        down.refused(refusal("10.0.0.9", "/api/v1/mini-programs"));
        assertThat(down.appendWaiting()).isZero();

        down.destroy();
        assertThat(tried)
                .as("the read twice (its failure, then the last pass, which stops there: the store is down)")
                .extracting(SecurityLogTest::routeOf)
                .containsExactly("/api/v1/audit/events", "/api/v1/audit/events");
        assertThat(down.givenUp())
                .as("the read, the refusal held behind it, the window's count")
                .isEqualTo(3);
    }

    @Test
    void atShutdownARecordTheStoreRefusesDoesNotStopTheRest() throws InterruptedException {
        List<SecurityLog.Pending> tried = new ArrayList<>();
        SecurityLog log = failingOn(
                "/invalid", () -> new InvalidValueException("route", "a route the record cannot hold"), tried);
        log.sensitiveRead(read("/invalid"));
        log.sensitiveRead(read("/api/v1/members"));
        log.destroy();
        assertThat(tried).hasSize(2);
        assertThat(appended).extracting(SecurityLogTest::route).containsExactly("/api/v1/members");
        assertThat(log.givenUp()).isEqualTo(1);
    }

    @Test
    void theWorkerTriesAFailedRecordAgainByItself() throws InterruptedException {
        List<SecurityLog.Pending> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        int[] left = {1};
        SecurityLog log = new SecurityLog(
                p -> {
                    if (left[0]-- > 0) {
                        throw down();
                    }
                    stored.add(p);
                },
                Clock.systemUTC(),
                System::nanoTime,
                true);
        try {
            log.sensitiveRead(read("/api/v1/audit/events"));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (stored.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(stored).as("recorded after its first wait (1 s)").hasSize(1);
            assertThat(log.givenUp()).isZero();
        } finally {
            log.destroy();
        }
    }

    /** The route of a sensitive read or a refusal. */
    private static String routeOf(SecurityLog.Pending pending) {
        return pending.command() instanceof RecordRefusal refusal ? refusal.route() : route(pending);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() {
        SecurityLog.SensitiveRead read = new SecurityLog.SensitiveRead(
                "10.0.0.1",
                "GET",
                "/api/v1/audit/verify",
                null,
                TenantId.DEFAULT,
                new ActorId("key-01jd00000000000000000000au"),
                null,
                null);
        for (int i = 0; i < SecurityLog.CAPACITY + 25; i++) {
            log.sensitiveRead(read);
        }
        assertThat(log.dropped()).isEqualTo(25);
        assertThat(log.appendWaiting()).isEqualTo(SecurityLog.CAPACITY);
    }

    @Test
    void beyondTheKeyBoundNewKeysShareOneWindow() {
        for (int i = 0; i < SecurityLog.MAX_KEYS + 100; i++) {
            log.refused(refusal("10.0.1." + (i % 250), "/api/v1/route-" + i));
            if (i % 1000 == 0) {
                log.appendWaiting();
            }
        }
        assertThat(refusals()).hasSize(SecurityLog.MAX_KEYS + 1);
        log.flush();
        List<RecordRefusal> written = refusals();
        assertThat(written.get(written.size() - 1).suppressed()).isEqualTo(98);
        assertThat(log.dropped()).isZero();
    }
}

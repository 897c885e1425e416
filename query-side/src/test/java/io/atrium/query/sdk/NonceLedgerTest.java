package io.atrium.query.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class NonceLedgerTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aNonceIsFreshOncePerHostApp() {
        NonceLedger ledger = new NonceLedger(new MovableClock(), Duration.ofSeconds(300));
        long t = Instant.parse("2026-11-28T12:00:00Z").getEpochSecond();
        assertThat(ledger.firstUse("ha-1", "nonce-0001", t)).isTrue();
        assertThat(ledger.firstUse("ha-1", "nonce-0001", t)).isFalse();
        assertThat(ledger.firstUse("ha-2", "nonce-0001", t))
                .as("another host app's nonce")
                .isTrue();
        assertThat(ledger.firstUse("ha-1", "nonce-0002", t)).isTrue();
    }

    @Test
    void holdsMillionsWithoutForgettingAndTheTablesGrow() {
        NonceLedger ledger = new NonceLedger(new MovableClock(), Duration.ofSeconds(300));
        long t = Instant.parse("2026-11-28T12:00:00Z").getEpochSecond();
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(ledger.firstUse("ha-1", "n" + i, t + i % 120)).isTrue();
        }
        assertThat(ledger.size()).isEqualTo(1_000_000);
        for (int i = 0; i < 1_000_000; i += 997) {
            assertThat(ledger.firstUse("ha-1", "n" + i, t + i % 120)).isFalse();
        }
    }

    @Test
    void minutesOlderThanTheWindowAreDroppedBecauseTheirTimestampsAreStaleAnyway() {
        MovableClock clock = new MovableClock();
        NonceLedger ledger = new NonceLedger(clock, Duration.ofSeconds(300));
        long t = clock.now.getEpochSecond();
        ledger.firstUse("ha-1", "old-nonce", t);
        clock.now = clock.now.plusSeconds(600);
        ledger.firstUse("ha-1", "new-nonce", clock.now.getEpochSecond());
        assertThat(ledger.size()).isEqualTo(1);
    }
}

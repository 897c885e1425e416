package io.atrium.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void slotsAreSpacedByTheRateAcrossEveryClientThatSharesThem() throws InterruptedException {
        Pacer pacer = Pacer.at(1_000);
        pacer.start();
        List<Long> slots = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread client = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    long slot = pacer.awaitSlot();
                    // Never answered before its slot's time.
                    assertThat(System.nanoTime()).isGreaterThanOrEqualTo(slot);
                    synchronized (slots) {
                        slots.add(slot);
                    }
                }
            });
            clients.add(client);
            client.start();
        }
        for (Thread client : clients) {
            client.join();
        }
        List<Long> sorted = slots.stream().sorted().toList();
        assertThat(sorted).hasSize(100);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 1)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void aLateClientIsAnsweredItsSlotSoItsWaitCountsInTheLatency() throws InterruptedException {
        Pacer pacer = Pacer.at(100);
        pacer.start();
        long first = pacer.awaitSlot();
        Thread.sleep(50);
        // Four slots have passed while the client was busy: the next is answered at once, in the past.
        long late = pacer.awaitSlot();
        assertThat(late - first).isEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(System.nanoTime() - late).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(35));
    }

    @Test
    void unpacedAnswersNowAndAlwaysKeepsUp() {
        Pacer pacer = Pacer.unpaced();
        long before = System.nanoTime();
        assertThat(pacer.awaitSlot()).isGreaterThanOrEqualTo(before);
        assertThat(pacer.paced()).isFalse();
        assertThat(pacer.keptUp(0)).isTrue();
    }

    @Test
    void beforeItsStartNothingIsPacedAndNoSlotIsOwedAfterIt() throws InterruptedException {
        Pacer pacer = Pacer.at(10);
        // The warm-up: unpaced, however many operations run.
        for (int i = 0; i < 50; i++) {
            long before = System.nanoTime();
            assertThat(pacer.awaitSlot()).isGreaterThanOrEqualTo(before);
        }
        Thread.sleep(300);
        pacer.start();
        // The slots missed before the start are not owed: the second slot is a full interval after the first.
        long first = pacer.awaitSlot();
        long second = pacer.awaitSlot();
        assertThat(second - first).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(second);
    }

    @Test
    void aWindowMoreThanFivePercentOffTheOfferedRateWasNotPaced() {
        Pacer pacer = Pacer.at(2_000);
        assertThat(pacer.perSecond()).isEqualTo(2_000.0);
        assertThat(pacer.keptUp(1_900)).isTrue();
        assertThat(pacer.keptUp(2_100)).isTrue();
        assertThat(pacer.keptUp(1_899)).isFalse();
        assertThat(pacer.keptUp(2_101)).isFalse();
    }

    @Test
    void refusesARateBelowOneASecond() {
        assertThatThrownBy(() -> Pacer.at(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pacer.at(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pacer.at(0.001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pacer.at(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}

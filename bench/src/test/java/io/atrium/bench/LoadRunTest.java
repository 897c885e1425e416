package io.atrium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadRunTest {

    /** A process whose readings a test gives; only {@link ProcessCpu.Used} reads it here. */
    private static final ProcessCpu SERVER = new ProcessCpu() {
        @Override
        double seconds() {
            return 0;
        }

        @Override
        String describe() {
            return "a test's server";
        }
    };

    private static ProcessCpu.Used window(double cpuSeconds, double compilerSeconds) {
        return new ProcessCpu.Used(SERVER, cpuSeconds, 20, compilerSeconds);
    }

    @Test
    void aWindowCountsWhenTheJitTookAtMostThreePercentOfTheServersCpu() {
        assertThat(LoadRun.refusal(window(30, 0))).isNull();
        assertThat(LoadRun.refusal(window(30, 0.9))).isNull(); // exactly 3 %
    }

    @Test
    void aWindowWhereTheJitTookMoreIsRefusedWithItsShare() {
        assertThat(LoadRun.refusal(window(30, 1.5))).contains("5.00 %").contains("above 3 %");
    }

    @Test
    void aShareJustAboveTheLimitDoesNotPrintAsTheLimit() {
        // 3.04 % is refused; printed to one decimal it read "3.0 % (above 3 %)".
        assertThat(LoadRun.refusal(window(100, 3.04))).contains("3.04 %");
    }

    @Test
    void aWindowWhoseCompilerThreadsCouldNotBeReadIsRefused() {
        // A compiler thread that ended inside the window takes its ticks out of /proc: below 0.
        assertThat(LoadRun.refusal(window(30, -0.2))).contains("could not be read");
        assertThat(LoadRun.refusal(window(30, Double.NaN))).contains("could not be read");
    }

    @Test
    void aClearedRecordKeepsOnlyWhatCameAfter() {
        Latencies first = new Latencies();
        Latencies second = new Latencies();
        first.add(900);
        first.add(800);
        second.add(700);
        first.clear();
        first.add(5);
        assertThat(Latencies.merged(List.of(first, second))).containsExactly(5, 700);
        assertThat(first.size()).isEqualTo(1);
    }
}

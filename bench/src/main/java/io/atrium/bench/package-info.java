/** Benchmark drivers, run by {@code scripts/bench}. They print their figures; they assert nothing. */
package io.atrium.bench;

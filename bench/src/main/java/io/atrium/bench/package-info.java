/** Benchmark drivers, run by {@code scripts/bench}. They print their figures; they assert nothing. */
@NullMarked
package io.atrium.bench;

import org.jspecify.annotations.NullMarked;

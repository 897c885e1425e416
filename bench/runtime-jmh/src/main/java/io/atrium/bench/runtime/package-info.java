/** JMH benchmarks of the runtime SDK: cold start, setData round trips, and the sandbox's overhead. */
@NullMarked
package io.atrium.bench.runtime;

import org.jspecify.annotations.NullMarked;

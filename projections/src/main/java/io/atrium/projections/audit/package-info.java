/** The operation log: every event with its metadata, hash-chained in log order. */
@NullMarked
package io.atrium.projections.audit;

import org.jspecify.annotations.NullMarked;

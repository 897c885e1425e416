/** The operation log: every event with its metadata, hash-chained in log order. */
package io.atrium.projections.audit;

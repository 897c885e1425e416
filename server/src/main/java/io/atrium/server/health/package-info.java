/**
 * Readiness: one health indicator per dependency a role needs, registered only where that role runs, so
 * each node's readiness group holds exactly what it needs (docs/observability.md lists them per role).
 */
@NullMarked
package io.atrium.server.health;

import org.jspecify.annotations.NullMarked;

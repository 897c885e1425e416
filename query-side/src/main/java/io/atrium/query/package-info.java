/**
 * Atrium's read side over HTTP: the catalogue, host apps, the operation log (query, export,
 * verification, live feed), time travel, and the SDK endpoints host apps call. It reads only the
 * read-model tables, whose schema the projections module owns.
 */
@NullMarked
package io.atrium.query;

import org.jspecify.annotations.NullMarked;

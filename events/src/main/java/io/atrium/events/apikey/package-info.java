/**
 * The ApiKey event family: keys issued to callers of the HTTP API, with the roles they carry, and
 * their revocation. A key's secret never appears here; only its SHA-256 does.
 */
@NullMarked
package io.atrium.events.apikey;

import org.jspecify.annotations.NullMarked;

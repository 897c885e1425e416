/**
 * The SecurityRecord event family: what the security log adds to the operation log besides changes,
 * requests the platform refused (401, 403) and reads of sensitive data, one short stream per record
 * so the operation log chains them like every other fact.
 */
@NullMarked
package io.atrium.events.security;

import org.jspecify.annotations.NullMarked;

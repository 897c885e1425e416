/**
 * The endpoints host apps call, signed with their secret: the manifest (which version a user gets,
 * its hashes and signature, the data key wrapped for this host, the host's policy) and the sealed
 * package. The manifest is answered from an in-memory snapshot, never from the database per request.
 */
@NullMarked
package io.atrium.query.sdk;

import org.jspecify.annotations.NullMarked;

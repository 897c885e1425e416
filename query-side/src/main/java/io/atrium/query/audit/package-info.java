/** The operation log over HTTP: filtered queries, streamed exports, hash-chain verification, and the live event feed. */
@NullMarked
package io.atrium.query.audit;

import org.jspecify.annotations.NullMarked;

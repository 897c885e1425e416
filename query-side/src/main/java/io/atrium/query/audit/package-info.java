/** The operation log over HTTP: filtered queries, streamed exports, hash-chain verification, and the live event feed. */
package io.atrium.query.audit;

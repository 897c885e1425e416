/**
 * How a command gets from an HTTP request into the event store: one transaction per command under
 * the aggregate's lock, the event-log position it reached, and idempotent retries.
 */
@NullMarked
package io.atrium.command.dispatch;

import org.jspecify.annotations.NullMarked;

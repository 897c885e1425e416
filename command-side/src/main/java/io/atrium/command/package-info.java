/**
 * Atrium's write side: the aggregates that hold the lifecycle of mini-programs, host apps and API
 * keys, the command HTTP API in front of them, and the event store behind them. It never reads a
 * read model to decide anything.
 */
@NullMarked
package io.atrium.command;

import org.jspecify.annotations.NullMarked;

/**
 * Atrium's published language: the facts the write side records, the ids and value types they are
 * made of, and the metadata every event carries. Nothing here performs I/O or knows a framework,
 * so every module (and every external consumer of the event log) can depend on it.
 */
@NullMarked
package io.atrium.events;

import org.jspecify.annotations.NullMarked;

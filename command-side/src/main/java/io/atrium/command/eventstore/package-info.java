/**
 * Where the write side's events live: Axon's JDBC storage engine on an embedded H2 file (default)
 * or MySQL/MariaDB, with its schema migrated by Flyway, snake_case tables, and JSON payloads.
 */
@NullMarked
package io.atrium.command.eventstore;

import org.jspecify.annotations.NullMarked;

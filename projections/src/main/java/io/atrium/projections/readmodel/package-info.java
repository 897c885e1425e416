/**
 * The read-model database: its one schema (Flyway, shared by H2 in MySQL mode and MySQL/MariaDB),
 * the R2DBC connection to it, and the small dialect differences replay needs.
 */
@NullMarked
package io.atrium.projections.readmodel;

import org.jspecify.annotations.NullMarked;

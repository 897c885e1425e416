/**
 * The one Spring Boot application. {@code atrium.roles} decides which sides of the platform this
 * process runs; in single-node mode (the default) it runs all of them on embedded defaults.
 */
@NullMarked
package io.atrium.server;

import org.jspecify.annotations.NullMarked;

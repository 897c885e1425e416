/**
 * The web console at {@code /console}: static files from the console module, served by this server
 * with a strict content security policy. The console calls the public HTTP API only.
 */
@NullMarked
package io.atrium.server.console;

import org.jspecify.annotations.NullMarked;

/** Gives the crawler the platform's sealed packages and keys. */
@NullMarked
package io.atrium.server.search;

import org.jspecify.annotations.NullMarked;

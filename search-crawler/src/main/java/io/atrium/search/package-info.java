/** Search: the index port and its adapters, the crawler, and their wiring. */
@NullMarked
package io.atrium.search;

import org.jspecify.annotations.NullMarked;

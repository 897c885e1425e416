/** API keys as the query side authenticates them. */
@NullMarked
package io.atrium.projections.apikey;

import org.jspecify.annotations.NullMarked;

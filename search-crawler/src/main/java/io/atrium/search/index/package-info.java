/**
 * The search index port: what the crawler writes and the query side reads. Adapters live beside
 * it ({@code io.atrium.search.lucene}, {@code io.atrium.search.elasticsearch}); the query side may
 * import this package only.
 */
@NullMarked
package io.atrium.search.index;

import org.jspecify.annotations.NullMarked;

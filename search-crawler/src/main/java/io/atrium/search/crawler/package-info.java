/** The crawler: renders a released version's pages in the runtime's sandbox and extracts what search indexes. */
@NullMarked
package io.atrium.search.crawler;

import org.jspecify.annotations.NullMarked;

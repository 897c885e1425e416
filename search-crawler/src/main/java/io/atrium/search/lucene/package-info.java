/** The embedded search index: Lucene under the data dir, with CJK-aware analysis. */
@NullMarked
package io.atrium.search.lucene;

import org.jspecify.annotations.NullMarked;

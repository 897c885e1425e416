/** The embedded search index: Lucene under the data dir, with CJK-aware analysis. */
package io.atrium.search.lucene;

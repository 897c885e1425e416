/** The search index on Elasticsearch 8 (cluster mode), through elasticsearch-java. */
@NullMarked
package io.atrium.search.elasticsearch;

import org.jspecify.annotations.NullMarked;

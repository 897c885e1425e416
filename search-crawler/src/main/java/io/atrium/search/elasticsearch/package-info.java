/** The search index on Elasticsearch 8 (cluster mode), through elasticsearch-java. */
package io.atrium.search.elasticsearch;

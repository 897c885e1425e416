/** The crawler: renders a released version's pages in the runtime's sandbox and extracts what search indexes. */
package io.atrium.search.crawler;

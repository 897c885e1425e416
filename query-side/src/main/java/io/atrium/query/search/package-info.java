/** The search API: full text over released pages, scoped to a tenant and a host app; name suggestions; crawl progress. */
@NullMarked
package io.atrium.query.search;

import org.jspecify.annotations.NullMarked;

package io.atrium.archfixture.query;

import io.atrium.archfixture.search.crawler.Indexer;
import io.atrium.archfixture.search.index.Index;

/** Architecture fixture: a query handler that searches (allowed) and also drives the crawler (not allowed). */
public final class LeakyQuery {
    public String search(Index index, Indexer indexer) {
        indexer.runOnce();
        return index.search("tea");
    }
}

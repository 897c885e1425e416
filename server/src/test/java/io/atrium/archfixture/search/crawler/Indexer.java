package io.atrium.archfixture.search.crawler;

/** Architecture fixture: the crawler's writing side, which query-side may not use. */
public final class Indexer {
    public void runOnce() {}
}

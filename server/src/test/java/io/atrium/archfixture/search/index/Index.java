package io.atrium.archfixture.search.index;

/** Architecture fixture: the search index's query side, which query-side may use. */
public interface Index {
    String search(String q);
}

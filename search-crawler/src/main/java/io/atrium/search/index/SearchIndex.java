package io.atrium.search.index;

import java.util.List;
import java.util.Set;

/**
 * The search index. Writers (the crawler) replace a mini-program's documents as one change:
 * searchers see the old set or the new one, never both or neither. Implementations are
 * thread-safe.
 */
public interface SearchIndex extends AutoCloseable {

    /**
     * Replaces every page of the mini-program with {@code pages} (an empty list removes it), and
     * records its name for {@link #suggest}. The change becomes visible all at once.
     */
    default void replace(String tenant, String miniProgramId, List<PageDocument> pages) {
        replaceAll(List.of(new Replacement(tenant, miniProgramId, pages)));
    }

    /** Several replacements as one change (one commit, one refresh): what a bulk load uses. */
    void replaceAll(List<Replacement> replacements);

    /**
     * A mini-program's new set of pages.
     *
     * @param tenant        whose store
     * @param miniProgramId the mini-program
     * @param pages         its pages now (empty: none)
     */
    record Replacement(String tenant, String miniProgramId, List<PageDocument> pages) {
        public Replacement {
            pages = List.copyOf(pages);
            for (PageDocument page : pages) {
                if (!page.tenant().equals(tenant) || !page.miniProgramId().equals(miniProgramId)) {
                    throw new IllegalArgumentException(
                            "a page of " + page.miniProgramId() + " in the replacement of " + miniProgramId);
                }
            }
        }
    }

    /** Removes the mini-program's pages (delisted, or no release left). */
    default void remove(String tenant, String miniProgramId) {
        replace(tenant, miniProgramId, List.of());
    }

    /** The mini-program's indexed pages, in no particular order. */
    List<PageDocument> pages(String tenant, String miniProgramId);

    /** Full-text search within the query's scope. */
    SearchResults search(SearchQuery query);

    /** Names of mini-programs the host app may show, starting with {@code prefix} (case-insensitive), at most {@code size}. */
    default List<String> suggest(String tenant, String hostAppId, String prefix, int size) {
        return suggest(tenant, hostAppId, prefix, size, Set.of());
    }

    /** As {@link #suggest(String, String, String, int)}, leaving out the {@code withheld} mini-programs (see {@link SearchQuery#withheld()}). */
    List<String> suggest(String tenant, String hostAppId, String prefix, int size, Set<String> withheld);

    /** How many page documents the index holds. */
    long count();

    @Override
    void close();
}

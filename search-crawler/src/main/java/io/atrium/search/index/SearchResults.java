package io.atrium.search.index;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of results.
 *
 * @param total how many pages match in all
 * @param hits  this page of them, best first
 */
public record SearchResults(long total, List<Hit> hits) {

    /**
     * A matching page.
     *
     * @param miniProgramId the mini-program
     * @param name          its name
     * @param version       the version the page was rendered from
     * @param pageUrl       the page and its query
     * @param title         the page's title
     * @param category      the mini-program's category, or null
     * @param tags          its tags
     * @param score         the relevance score (comparable within one result only)
     * @param highlights    fragments where the words matched, with {@code <em>} around them
     */
    public record Hit(
            String miniProgramId,
            String name,
            String version,
            String pageUrl,
            String title,
            @Nullable String category,
            List<String> tags,
            double score,
            List<String> highlights) {}
}

package io.atrium.search.index;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A search: full text, scoped to a tenant and to one host app, with filters and a page.
 *
 * @param tenant    whose store
 * @param hostAppId only mini-programs associated with this host app
 * @param text      the words to find (CJK or not)
 * @param category  only this category, or null
 * @param tags      only mini-programs having every one of these tags
 * @param page      0-based page
 * @param size      hits per page (1-100)
 * @param withheld  mini-programs to leave out whatever the index holds: those the read model has
 *                  already delisted or dissociated while the index has yet to catch up
 */
public record SearchQuery(
        String tenant,
        String hostAppId,
        String text,
        @Nullable String category,
        List<String> tags,
        int page,
        int size,
        Set<String> withheld) {

    public static final int MAX_SIZE = 100;
    public static final int MAX_WINDOW = 10_000;

    public SearchQuery {
        tags = tags == null ? List.of() : List.copyOf(tags);
        withheld = withheld == null ? Set.of() : Set.copyOf(withheld);
        if (page < 0 || size < 1 || size > MAX_SIZE || (long) (page + 1) * size > MAX_WINDOW) {
            throw new IllegalArgumentException("page and size are out of range");
        }
    }

    public SearchQuery(
            String tenant,
            String hostAppId,
            String text,
            @Nullable String category,
            List<String> tags,
            int page,
            int size) {
        this(tenant, hostAppId, text, category, tags, page, size, Set.of());
    }
}

package io.atrium.search.index;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One rendered page of a released mini-program, as search sees it.
 *
 * @param tenant        whose store it belongs to
 * @param miniProgramId the mini-program
 * @param name          the mini-program's name
 * @param description   the mini-program's description
 * @param version       the released version the page was rendered from
 * @param pagePath      the page ({@code pages/index/index})
 * @param query         the query {@code onLoad} received (empty for none)
 * @param title         the page's title ({@code navigationBarTitleText})
 * @param headings      the page's headings, in order
 * @param text          the page's visible text
 * @param category      the mini-program's category, or null
 * @param tags          the mini-program's tags
 * @param hostApps      the host apps that may show it
 */
public record PageDocument(
        String tenant,
        String miniProgramId,
        String name,
        String description,
        String version,
        String pagePath,
        Map<String, String> query,
        String title,
        List<String> headings,
        String text,
        @Nullable String category,
        List<String> tags,
        Set<String> hostApps) {

    public PageDocument {
        query = query == null ? Map.of() : Map.copyOf(new TreeMap<>(query));
        headings = headings == null ? List.of() : List.copyOf(headings);
        tags = tags == null ? List.of() : List.copyOf(tags);
        hostApps = hostApps == null ? Set.of() : Set.copyOf(hostApps);
        description = description == null ? "" : description;
        title = title == null ? "" : title;
        text = text == null ? "" : text;
    }

    /** The page and its query as one string: {@code pages/detail/detail?id=7}. */
    public String pageUrl() {
        if (query.isEmpty()) {
            return pagePath;
        }
        StringBuilder out = new StringBuilder(pagePath).append('?');
        new TreeMap<>(query)
                .forEach((k, v) -> out.append(out.charAt(out.length() - 1) == '?' ? "" : "&")
                        .append(k)
                        .append('=')
                        .append(v));
        return out.toString();
    }

    /** The document's id: stable across versions, so a new release overwrites the same page. */
    public String id() {
        return tenant + "|" + miniProgramId + "|" + pageUrl();
    }
}

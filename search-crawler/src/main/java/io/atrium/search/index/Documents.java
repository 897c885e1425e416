package io.atrium.search.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;

/** What both adapters derive from a page document the same way: its JSON, the keys they filter on, the folded name. */
public final class Documents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Field boosts of full-text search: a word in the name counts most, then the page title. */
    public static final double NAME_BOOST = 3.0;

    public static final double TITLE_BOOST = 2.0;
    public static final double DESCRIPTION_BOOST = 1.5;
    public static final double HEADINGS_BOOST = 1.5;
    public static final double TEXT_BOOST = 1.0;
    /** Tags are filters, and also words a user may type ("汽车" for the car apps). */
    public static final double TAGS_BOOST = 1.5;

    private Documents() {}

    /** The key of one mini-program across tenants. */
    public static String programKey(String tenant, String miniProgramId) {
        return tenant + "|" + miniProgramId;
    }

    /** A name folded for prefix suggestions. */
    public static String fold(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }

    public static String toJson(PageDocument page) {
        try {
            return JSON.writeValueAsString(page);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PageDocument fromJson(String json) {
        try {
            return JSON.readValue(json, PageDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored page document does not parse", e);
        }
    }
}

package io.atrium.kurrentdb;

import java.util.regex.Pattern;

/**
 * How Atrium names its KurrentDB streams.
 * <ul>
 *   <li>An aggregate's events: {@code <AggregateType>-<tenant>.<aggregateId>}, e.g.
 *       {@code MiniProgram-default.mp-01JD...}. KurrentDB takes the part before the first dash as the
 *       stream's category, so {@code $ce-MiniProgram} gathers every tenant's mini-programs, while the
 *       tenant stays readable in every name.</li>
 *   <li>Its snapshots: {@code snapshot-} and the aggregate's stream name, kept to one event.</li>
 *   <li>Where each aggregate's stream is: {@code atrium.index-<aggregateId>}. Axon loads an aggregate by
 *       its id alone, and the tenant is not part of the id; this one-event stream, written before the
 *       aggregate's first event, answers the lookup.</li>
 *   <li>Events that belong to no aggregate (a projection's skip record): {@code atrium.events-<tenant>}.</li>
 * </ul>
 */
public final class StreamNames {

    /** Event types of Atrium's own events start with this (their stable names). */
    public static final String EVENT_TYPE_PREFIX = "atrium.";

    /**
     * Events stored before stable names existed carry their class's name; a store migrated from the JDBC
     * tables verbatim holds them, and the event catalogue still reads them.
     */
    static final String LEGACY_TYPE_PREFIX = "io.atrium.events.";

    /**
     * The feed's server-side filter: Atrium's events and nothing else. A regular expression anchored at
     * the start, because the client sends a "prefix" filter as an unanchored expression of the prefix's
     * text, in which {@code atrium.} would also match {@code atrium-index...}.
     */
    static final String EVENT_TYPE_FILTER = "^(atrium\\.|io\\.atrium\\.events\\.)";

    /** Whether a record's type is one of Atrium's events (not a system, index or snapshot record). */
    static boolean isAtriumEventType(String type) {
        return type.startsWith(EVENT_TYPE_PREFIX) || type.startsWith(LEGACY_TYPE_PREFIX);
    }

    /** The type of the event in an index stream; deliberately outside {@link #EVENT_TYPE_PREFIX}. */
    static final String INDEX_EVENT_TYPE = "atrium-index.AggregateStream";

    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    private StreamNames() {}

    public static String aggregate(String tenant, String aggregateType, String aggregateId) {
        return check(TYPE, aggregateType, "aggregate type") + "-" + check(PART, tenant, "tenant") + "."
                + check(PART, aggregateId, "aggregate id");
    }

    public static String snapshots(String aggregateStream) {
        return "snapshot-" + aggregateStream;
    }

    public static String index(String aggregateId) {
        return "atrium.index-" + check(PART, aggregateId, "aggregate id");
    }

    public static String unowned(String tenant) {
        return "atrium.events-" + check(PART, tenant, "tenant");
    }

    private static String check(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("cannot name a stream after " + what + " '" + value + "'");
        }
        return value;
    }
}

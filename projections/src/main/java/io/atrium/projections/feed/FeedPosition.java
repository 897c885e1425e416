package io.atrium.projections.feed;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where a reader of the event log stands: every event up to {@code index} has been read, except the
 * {@code gaps} (positions below {@code index} that no committed event held when they were passed;
 * usually appends that rolled back, possibly a transaction still committing). Stored as text:
 * {@code 42} or {@code 42;37,40}.
 * <p>
 * {@code resume} is the feed adapter's own note of where to read on (the Kafka feed's next offset per
 * partition); it is stored beside the text, never in it, and empty for the in-process feed.
 */
public record FeedPosition(long index, SortedSet<Long> gaps, String resume) {

    /** Before the first event. */
    public static final FeedPosition START = new FeedPosition(-1, new TreeSet<>());

    public FeedPosition {
        gaps = Collections.unmodifiableSortedSet(new TreeSet<>(gaps));
    }

    public FeedPosition(long index, SortedSet<Long> gaps) {
        this(index, gaps, "");
    }

    /** This position with the adapter's resume note. */
    public FeedPosition withResume(String resume) {
        return new FeedPosition(index, gaps, resume);
    }

    /**
     * Adds the positions {@code from} to {@code to} to {@code gaps}, then drops the oldest beyond the
     * feeds' bound ({@link AxonEventFeed#MAX_GAPS} entries within {@link AxonEventFeed#GAP_WINDOW}
     * positions of {@code to}): every feed keeps its gaps the same way.
     */
    public static void addGaps(java.util.TreeSet<Long> gaps, long from, long to) {
        for (long missing = Math.max(from, to - AxonEventFeed.GAP_WINDOW); missing <= to; missing++) {
            gaps.add(missing);
        }
        while (!gaps.isEmpty()
                && (gaps.size() > AxonEventFeed.MAX_GAPS || gaps.first() < to - AxonEventFeed.GAP_WINDOW)) {
            gaps.pollFirst();
        }
    }

    /** Whether the event at {@code position} has been read. */
    public boolean covers(long position) {
        return position <= index && !gaps.contains(position);
    }

    public String format() {
        return gaps.isEmpty()
                ? Long.toString(index)
                : index + ";" + gaps.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Reads the stored text and the adapter's resume note. */
    public static FeedPosition parse(@Nullable String text, @Nullable String resume) {
        return parse(text).withResume(resume == null ? "" : resume);
    }

    public static FeedPosition parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        String[] parts = text.split(";", 2);
        TreeSet<Long> gaps = new TreeSet<>();
        if (parts.length == 2 && !parts[1].isBlank()) {
            for (String gap : parts[1].split(",")) {
                gaps.add(Long.parseLong(gap));
            }
        }
        return new FeedPosition(Long.parseLong(parts[0]), gaps);
    }
}

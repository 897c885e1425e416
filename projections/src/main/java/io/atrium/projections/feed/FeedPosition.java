package io.atrium.projections.feed;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where a reader of the event log stands: every event up to {@code index} has been read, except the
 * {@code gaps} (positions below {@code index} that no committed event held when they were passed;
 * usually appends that rolled back, possibly a transaction still committing). Stored as text:
 * {@code 42} or {@code 42;37,40}.
 */
public record FeedPosition(long index, SortedSet<Long> gaps) {

    /** Before the first event. */
    public static final FeedPosition START = new FeedPosition(-1, new TreeSet<>());

    public FeedPosition {
        gaps = Collections.unmodifiableSortedSet(new TreeSet<>(gaps));
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

    public static FeedPosition parse(String text) {
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

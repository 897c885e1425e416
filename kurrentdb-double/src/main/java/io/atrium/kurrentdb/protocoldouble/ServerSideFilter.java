package io.atrium.kurrentdb.protocoldouble;

import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadReq.Options.FilterOptions;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The server-side filter of a {@code $all} read or subscription, as KurrentDB applies it: on the
 * stream name or on the event type, by regular expression (searched, not anchored, like .NET's
 * {@code Regex.IsMatch}) or by a list of prefixes.
 *
 * <p>The Java client 1.1.0 puts a prefix filter on the wire as a <em>regex</em> holding the prefix
 * text (and, with several prefixes, only the last one). The double takes the wire at its word, as the
 * server does: prefix {@code "atrium."} therefore matches any name that contains "atrium" followed by
 * one more character.
 */
record ServerSideFilter(
        boolean onStreamName, @Nullable Pattern regex, List<String> prefixes, int window, int checkpointInterval) {

    /** KurrentDB's read batch size, the search window when the client asks for the default. */
    static final int DEFAULT_WINDOW = 32;

    static ServerSideFilter from(FilterOptions options) {
        boolean onStream = options.getFilterCase() == FilterOptions.FilterCase.STREAM_IDENTIFIER;
        FilterOptions.Expression expression = onStream ? options.getStreamIdentifier() : options.getEventType();
        Pattern regex = expression.getRegex().isEmpty() ? null : Pattern.compile(expression.getRegex());
        int window = options.getWindowCase() == FilterOptions.WindowCase.MAX && options.getMax() > 0
                ? options.getMax()
                : DEFAULT_WINDOW;
        int multiplier = Math.max(1, options.getCheckpointIntervalMultiplier());
        return new ServerSideFilter(
                onStream, regex, List.copyOf(expression.getPrefixList()), window, window * multiplier);
    }

    boolean matches(StoredEvent event) {
        String subject = onStreamName ? event.stream() : event.type();
        if (regex != null) {
            return regex.matcher(subject).find();
        }
        if (prefixes.isEmpty()) {
            return true;
        }
        for (String prefix : prefixes) {
            if (subject.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

package io.atrium.events.hostapp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host name a mini-program's {@code request} may reach over https: an exact name
 * ({@code api.example.com}) or every sub-domain of one ({@code *.example.com}). Stored lower-case.
 */
public record AllowedDomain(@JsonValue String value) {

    private static final Pattern FORMAT =
            Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    /** Wraps a domain as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public AllowedDomain {
        Objects.requireNonNull(value, "domains");
    }

    /** A domain from input: trimmed, lower-cased and checked against today's format. */
    public static AllowedDomain parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("domains", "a domain is required");
        }
        String domain = value.strip().toLowerCase(Locale.ROOT);
        if (domain.length() > 253 || !FORMAT.matcher(domain).matches()) {
            throw new InvalidValueException(
                    "domains", "'" + domain + "' is not a host name (no scheme, port or path; '*.' allowed in front)");
        }
        return new AllowedDomain(domain);
    }

    /** Whether a request to {@code host} is covered by this entry. */
    public boolean covers(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (value.startsWith("*.")) {
            return h.endsWith(value.substring(1));
        }
        return h.equals(value);
    }

    @Override
    public String toString() {
        return value;
    }
}

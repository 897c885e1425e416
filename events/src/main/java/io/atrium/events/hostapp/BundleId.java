package io.atrium.events.hostapp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import java.util.Objects;
import java.util.regex.Pattern;

/** An app store identity of a host app: an iOS bundle id or an Android package name (reverse DNS). */
public record BundleId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+");

    /** Wraps a bundle id as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public BundleId {
        Objects.requireNonNull(value, "bundleIds");
    }

    /** A bundle id from input, checked against today's format. */
    public static BundleId parse(String value) {
        if (value == null || value.length() > 155 || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException(
                    "bundleIds", "'" + value + "' is not a bundle id or package name (e.g. com.example.app)");
        }
        return new BundleId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.atrium.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** The enterprise (tenant) that owns a thing; everything in Atrium belongs to exactly one. */
public record TenantId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** The tenant of the single-node default installation. */
    public static final TenantId DEFAULT = new TenantId("default");

    /** Wraps a tenant id as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public TenantId {
        Objects.requireNonNull(value, "tenantId");
    }

    /** A tenant id from input, checked against today's format. */
    public static TenantId parse(String value) {
        return new TenantId(InvalidValueException.require(
                "tenantId", value, FORMAT, "a tenant id (lower-case letters, digits, '-')"));
    }

    @Override
    public String toString() {
        return value;
    }
}

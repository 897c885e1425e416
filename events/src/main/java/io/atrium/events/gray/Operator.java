package io.atrium.events.gray;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The comparison a {@link Rule} makes between a user attribute and its value. */
public enum Operator {
    EQ,
    NE,
    IN,
    PREFIX,
    CONTAINS,
    LT,
    LTE,
    GT,
    GTE,
    BETWEEN,
    PERCENTAGE,
    IS,
    MATCHES;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Operator of(@Nullable String name) {
        return Arrays.stream(values())
                .filter(o -> o.wireName().equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException(
                        "operator",
                        "'" + name + "' is not an operator "
                                + Arrays.stream(values())
                                        .map(Operator::wireName)
                                        .toList()));
    }

    boolean isOrdering() {
        return this == LT || this == LTE || this == GT || this == GTE || this == BETWEEN;
    }
}

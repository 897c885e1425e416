package io.atrium.command.hostapp;

import io.atrium.events.InvalidValueException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How long a host app's previous signing secret keeps working after a rotation, so its fleet can
 * move to the new secret without a window of refused launches. At most {@link #MAX} (a secret that
 * leaked must not stay usable for long); zero ends the old secret at once.
 */
public record SecretGrace(Duration duration) {

    /** Long enough for a host's configuration to roll out once a day; short enough to bound a leak. */
    public static final Duration DEFAULT = Duration.ofHours(24);

    public static final Duration MAX = Duration.ofDays(30);

    public static final SecretGrace NONE = new SecretGrace(Duration.ZERO);

    public SecretGrace {
        if (duration.isNegative() || duration.compareTo(MAX) > 0) {
            throw new InvalidValueException(
                    "graceSeconds", "the grace period must be 0 to " + MAX.toSeconds() + " seconds (30 days)");
        }
    }

    /** From a request's {@code graceSeconds}: absent means {@link #DEFAULT}. */
    public static SecretGrace ofSeconds(@Nullable Long seconds) {
        if (seconds == null) {
            return new SecretGrace(DEFAULT);
        }
        if (seconds < 0 || seconds > MAX.toSeconds()) {
            throw new InvalidValueException(
                    "graceSeconds", "the grace period must be 0 to " + MAX.toSeconds() + " seconds (30 days)");
        }
        return new SecretGrace(Duration.ofSeconds(seconds));
    }

    public boolean isNone() {
        return duration.isZero();
    }
}

package io.atrium.command;

import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.events.InvalidValueException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matchers for the refusals fixture tests expect. */
public final class Violations {

    private Violations() {
    }

    /** An {@link InvariantViolation} of exactly {@code invariant}. */
    public static Matcher<Object> violates(Invariant invariant) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof InvariantViolation v && v.invariant() == invariant;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a violation of " + invariant);
            }
        };
    }

    /** An {@link InvalidValueException} naming {@code field}. */
    public static Matcher<Object> invalid(String field) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof InvalidValueException e && e.field().equals(field);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("invalid input in " + field);
            }
        };
    }
}

package io.atrium.command;

import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.events.InvalidValueException;
import io.atrium.events.access.AccessDeniedException;
import io.atrium.events.access.Permission;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matchers for the refusals fixture tests expect. */
public final class Violations {

    private Violations() {}

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

    /** An {@link AccessDeniedException} for lack of {@code permission} (answered 403). */
    public static Matcher<Object> forbidden(Permission permission) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof AccessDeniedException e && e.permission() == permission;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("access denied for want of " + permission);
            }
        };
    }
}

/**
 * The refusals the write side can answer and the one place that turns every exception into an
 * RFC 9457 {@code application/problem+json} answer with a stable {@code type}.
 */
@NullMarked
package io.atrium.command.problem;

import org.jspecify.annotations.NullMarked;

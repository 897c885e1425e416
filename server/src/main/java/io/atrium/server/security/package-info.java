/**
 * Who may call what, in one place for every side: bearer API keys authenticate {@code /api/**}, the
 * role a route needs is declared in {@link io.atrium.server.security.RouteRules}, and every refusal is
 * written by {@link io.atrium.server.security.Refusals}.
 */
@NullMarked
package io.atrium.server.security;

import org.jspecify.annotations.NullMarked;

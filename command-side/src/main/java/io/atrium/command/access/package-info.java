/**
 * Who is calling and what they may do: bearer API keys resolved to a {@link io.atrium.command.access.Caller},
 * and the permissions each role grants.
 */
@NullMarked
package io.atrium.command.access;

import org.jspecify.annotations.NullMarked;

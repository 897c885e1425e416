/**
 * The security log's write side: a SecurityRecord aggregate per record (one event, its own stream,
 * so records never contend for a lock) and {@link io.atrium.command.security.SecurityLog}, which
 * takes refusals and sensitive reads from the HTTP edge without blocking it, coalesces floods and
 * appends them through the command dispatcher in the background.
 */
@NullMarked
package io.atrium.command.security;

import org.jspecify.annotations.NullMarked;

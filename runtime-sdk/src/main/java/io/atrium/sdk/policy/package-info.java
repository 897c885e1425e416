/** The host's policy gate: what a mini-program may call, which domains it may reach, what the host is told when it tries more. */
@NullMarked
package io.atrium.sdk.policy;

import org.jspecify.annotations.NullMarked;

/** A terminal host for mini-programs: {@code scripts/cli-shell run ...}; pages print as text, commands come from stdin. */
@NullMarked
package io.atrium.shells.cli;

import org.jspecify.annotations.NullMarked;

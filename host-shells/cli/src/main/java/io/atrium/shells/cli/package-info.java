/** A terminal host for mini-programs: {@code scripts/cli-shell run ...}; pages print as text, commands come from stdin. */
package io.atrium.shells.cli;

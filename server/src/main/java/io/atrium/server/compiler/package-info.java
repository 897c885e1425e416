/** The script compiler the command side's uploads run scripts through. */
@NullMarked
package io.atrium.server.compiler;

import org.jspecify.annotations.NullMarked;

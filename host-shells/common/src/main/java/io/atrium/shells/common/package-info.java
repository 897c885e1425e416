/** What the host shells share: their launch arguments, and launching from them. */
@NullMarked
package io.atrium.shells.common;

import org.jspecify.annotations.NullMarked;

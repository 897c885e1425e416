/** The mini-program write endpoints under {@code /api/v1/mini-programs}. */
@NullMarked
package io.atrium.command.miniprogram.web;

import org.jspecify.annotations.NullMarked;

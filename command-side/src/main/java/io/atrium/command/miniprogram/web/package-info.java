/** The mini-program write endpoints under {@code /api/v1/mini-programs}. */
package io.atrium.command.miniprogram.web;

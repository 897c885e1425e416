/** The host-app write endpoints under {@code /api/v1/host-apps}. */
@NullMarked
package io.atrium.command.hostapp.web;

import org.jspecify.annotations.NullMarked;

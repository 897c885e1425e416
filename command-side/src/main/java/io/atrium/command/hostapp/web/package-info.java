/** The host-app write endpoints under {@code /api/v1/host-apps}. */
package io.atrium.command.hostapp.web;

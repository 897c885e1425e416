/** The API-key endpoints under {@code /api/v1/api-keys}. */
@NullMarked
package io.atrium.command.apikey.web;

import org.jspecify.annotations.NullMarked;

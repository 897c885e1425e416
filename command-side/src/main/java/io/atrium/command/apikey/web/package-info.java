/** The API-key endpoints under {@code /api/v1/api-keys}. */
package io.atrium.command.apikey.web;

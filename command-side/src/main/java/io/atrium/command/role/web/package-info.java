/** The role endpoints that change roles: {@code POST}, {@code PUT} and {@code DELETE} under {@code /api/v1/roles}. */
@NullMarked
package io.atrium.command.role.web;

import org.jspecify.annotations.NullMarked;

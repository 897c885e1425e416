/** The member, login and login-policy endpoints under {@code /api/v1/members}, {@code /api/v1/auth} and {@code /api/v1/login-policy}. */
@NullMarked
package io.atrium.command.member.web;

import org.jspecify.annotations.NullMarked;

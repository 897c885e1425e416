/**
 * Members (people who log in), their login attempts and each tenant's login policy: the aggregates,
 * the tables the write side authenticates members against (kept in the transaction of the events that
 * change them), password hashing, tokens and TOTP.
 */
@NullMarked
package io.atrium.command.member;

import org.jspecify.annotations.NullMarked;

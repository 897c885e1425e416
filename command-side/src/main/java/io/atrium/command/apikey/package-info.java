/**
 * The ApiKey aggregate (issue, revoke) and the table the write side authenticates callers against,
 * kept in the same transaction as the events that change it.
 */
@NullMarked
package io.atrium.command.apikey;

import org.jspecify.annotations.NullMarked;

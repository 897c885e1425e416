/**
 * The ApiKey aggregate (issue, revoke) and the table the write side authenticates callers against,
 * kept in the same transaction as the events that change it.
 */
package io.atrium.command.apikey;

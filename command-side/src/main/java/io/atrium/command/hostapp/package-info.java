/**
 * The HostApp aggregate: a host application's registration, bundle ids, domain allowlist, the
 * mini-programs it may run, the custom APIs and menu items it offers, and its grants.
 */
@NullMarked
package io.atrium.command.hostapp;

import org.jspecify.annotations.NullMarked;

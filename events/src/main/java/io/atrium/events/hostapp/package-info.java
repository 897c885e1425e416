/**
 * The HostApp event family: a host application registered with the platform, its bundle ids, the
 * domains its mini-programs may reach, the mini-programs it may run, and what it grants each of them.
 */
@NullMarked
package io.atrium.events.hostapp;

import org.jspecify.annotations.NullMarked;

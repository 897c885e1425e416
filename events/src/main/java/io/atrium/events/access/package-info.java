/**
 * Who calls and what they may do: the authenticated caller (tenant, key, roles) and the
 * permissions roles grant. Every side that serves HTTP checks callers with the same vocabulary.
 */
@NullMarked
package io.atrium.events.access;

import org.jspecify.annotations.NullMarked;

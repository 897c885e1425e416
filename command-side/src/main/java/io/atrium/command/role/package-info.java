/**
 * Custom roles: the TenantRole aggregate (define, change, delete), the table the write side resolves
 * role names from on every request, kept in the same transaction as the role's events, and the
 * {@link io.atrium.events.access.RoleCatalog} built on it.
 */
@NullMarked
package io.atrium.command.role;

import org.jspecify.annotations.NullMarked;

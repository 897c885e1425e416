/**
 * The Tenant aggregate (create, suspend, resume, delete), run by platform operators, and the table
 * the security path reads a tenant's state from, written in the transaction of the tenant's events.
 */
@NullMarked
package io.atrium.command.tenant;

import org.jspecify.annotations.NullMarked;

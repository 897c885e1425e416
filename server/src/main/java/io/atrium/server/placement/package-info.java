/**
 * Tenants placed in a database of their own ({@code atrium.tenants.<id>}): the write side's routing by
 * the caller's tenant, one feed and projection set per event-store database, the read side's routing,
 * and each placement's first owner key.
 */
@NullMarked
package io.atrium.server.placement;

import org.jspecify.annotations.NullMarked;

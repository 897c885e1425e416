/**
 * Where a tenant's write-side data lives: the shared database by default, or a database of its own
 * ({@code atrium.tenants.<id>.event-store}). Commands run in their caller's tenant scope and the
 * write side's data source routes by it.
 */
@NullMarked
package io.atrium.command.placement;

import org.jspecify.annotations.NullMarked;

/**
 * The custom-role event family: a tenant's named sets of permissions, defined, changed and deleted
 * by its owners and admins. The built-in roles are not recorded here; they are part of the code.
 */
@NullMarked
package io.atrium.events.role;

import org.jspecify.annotations.NullMarked;

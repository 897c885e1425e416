/** Roles as the read API lists them: the predefined built-in roles and the tenant's custom roles. */
@NullMarked
package io.atrium.query.role;

import org.jspecify.annotations.NullMarked;

/** Custom roles as the read side lists them and as query-only nodes resolve them. */
@NullMarked
package io.atrium.projections.role;

import org.jspecify.annotations.NullMarked;

/** Authenticating read-side callers against the keys the projections keep ({@code api_key_view}). */
@NullMarked
package io.atrium.query.access;

import org.jspecify.annotations.NullMarked;

/** Authenticating read-side callers against the keys the projections keep ({@code api_key_view}). */
package io.atrium.query.access;

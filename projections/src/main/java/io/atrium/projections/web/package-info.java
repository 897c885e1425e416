/** Operating the projections over HTTP: status and lag, and replay with progress as server-sent events. */
@NullMarked
package io.atrium.projections.web;

import org.jspecify.annotations.NullMarked;

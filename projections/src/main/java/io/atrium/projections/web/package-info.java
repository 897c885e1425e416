/** Operating the projections over HTTP: status and lag, and replay with progress as server-sent events. */
package io.atrium.projections.web;

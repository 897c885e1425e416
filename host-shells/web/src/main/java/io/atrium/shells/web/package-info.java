/** A small web host for mini-programs: a browser page shows the view; events go back over POST, updates come over SSE. */
@NullMarked
package io.atrium.shells.web;

import org.jspecify.annotations.NullMarked;

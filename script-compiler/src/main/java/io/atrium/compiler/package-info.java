/**
 * Compiles mini-program scripts from the JavaScript their developers write (ES2015 and later) to
 * the ES5 Atrium's Rhino sandbox runs, with Babel on GraalJS.
 */
@NullMarked
package io.atrium.compiler;

import org.jspecify.annotations.NullMarked;

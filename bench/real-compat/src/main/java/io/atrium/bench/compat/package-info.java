/**
 * Measures Atrium's compatibility with real WeChat mini-program code: component libraries as npm
 * ships them, used the way developers use them, one page per component.
 */
@NullMarked
package io.atrium.bench.compat;

import org.jspecify.annotations.NullMarked;

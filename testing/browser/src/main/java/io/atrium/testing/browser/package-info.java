/**
 * For tests only: real headless Chromium driven over the DevTools protocol, with what a browser test
 * of a web page needs (real clicks and keys, files for an input, screenshots, the page's console
 * errors, and axe-core's accessibility check). Shared by the web host's and the console's tests.
 */
@NullMarked
package io.atrium.testing.browser;

import org.jspecify.annotations.NullMarked;

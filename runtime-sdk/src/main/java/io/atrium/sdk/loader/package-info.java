/** Fetching what a launch needs from the platform: the signed manifest request, the cached, resumable, verified package download. */
@NullMarked
package io.atrium.sdk.loader;

import org.jspecify.annotations.NullMarked;

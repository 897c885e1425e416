/** Fetching what a launch needs from the platform: the signed manifest request, the cached, resumable, verified package download. */
package io.atrium.sdk.loader;

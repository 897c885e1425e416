/**
 * Content-addressed storage of package blobs (uploaded and sealed packages): the {@link
 * io.atrium.sdk.store.PackageStore} port and its filesystem adapter.
 */
@NullMarked
package io.atrium.sdk.store;

import org.jspecify.annotations.NullMarked;

/**
 * Content-addressed storage of package blobs (uploaded and sealed packages): the {@link
 * io.atrium.sdk.store.PackageStore} port and its filesystem adapter.
 */
package io.atrium.sdk.store;

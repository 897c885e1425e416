package io.atrium.search.crawler;

import io.atrium.sdk.packaging.OpenedPackage;

/**
 * Where the crawler gets a released version's package: the platform's sealed blob, opened with the
 * platform's own keys (the server composes it from the write side's package store and key files).
 */
@FunctionalInterface
public interface SealedVersions {

    /**
     * Opens, and so verifies, the sealed package of one version.
     *
     * @param digest         the sealed blob's SHA-256
     * @param wrappedDataKey the data key as the platform keeps it (wrapped under its master key)
     */
    OpenedPackage open(String miniProgramId, String version, String digest, String wrappedDataKey);
}

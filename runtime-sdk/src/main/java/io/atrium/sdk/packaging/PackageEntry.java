package io.atrium.sdk.packaging;

/**
 * One file of a validated package.
 *
 * @param path   relative, '/'-separated
 * @param size   uncompressed bytes
 * @param sha256 lower-case hex SHA-256 of the content
 */
public record PackageEntry(String path, long size, String sha256) {}

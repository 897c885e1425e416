package io.atrium.events.miniprogram;

import java.util.Objects;

/**
 * One file of an uploaded code package.
 *
 * @param path   the path inside the package, '/'-separated, relative
 * @param size   its size in bytes, uncompressed
 * @param sha256 lower-case hex SHA-256 of its content
 */
public record PackageFile(String path, long size, String sha256) {

    public PackageFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
    }
}

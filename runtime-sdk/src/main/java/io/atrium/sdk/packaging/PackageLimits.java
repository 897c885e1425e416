package io.atrium.sdk.packaging;

/**
 * The hard limits an uploaded package is read under. They are checked against the bytes actually
 * read, never against sizes the zip declares, so an archive that lies about its sizes is caught.
 *
 * @param maxZipBytes         the zip file itself
 * @param maxTotalBytes       the sum of all files, uncompressed
 * @param maxEntries          entries, directories included
 * @param maxEntryBytes       one file, uncompressed
 * @param maxCompressionRatio uncompressed over compressed size, for the package and for any file
 *                            larger than 64 KiB
 */
public record PackageLimits(
        long maxZipBytes, long maxTotalBytes, int maxEntries, long maxEntryBytes, int maxCompressionRatio) {

    /** Generous for real mini-programs (WeChat caps a package at 2 MB), tight for hostile ones. */
    public static final PackageLimits DEFAULT = new PackageLimits(16L << 20, 32L << 20, 2000, 8L << 20, 100);

    public PackageLimits {
        if (maxZipBytes <= 0
                || maxTotalBytes <= 0
                || maxEntries <= 0
                || maxEntryBytes <= 0
                || maxCompressionRatio <= 1) {
            throw new IllegalArgumentException("package limits must be positive");
        }
    }
}

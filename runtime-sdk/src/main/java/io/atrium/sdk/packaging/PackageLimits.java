package io.atrium.sdk.packaging;

/**
 * The hard limits an uploaded package is read under. They are checked against the bytes actually
 * read, never against sizes the zip declares, so an archive that lies about its sizes is caught.
 *
 * <p>The size limits follow WeChat's: a size per package (the main package and each subpackage)
 * and a size in all. The entry count is not a size rule but a protection against hostile archives
 * (a zip of millions of empty entries), so it sits far above what real apps hold: WeChat's own
 * component demo has 2,721 files.
 *
 * @param maxZipBytes         the zip file itself
 * @param maxTotalBytes       the sum of all files, uncompressed (WeChat: 20 MB)
 * @param maxPackageBytes     the files of one package, uncompressed: the main package, or one
 *                            subpackage (WeChat: 2 MB)
 * @param maxEntries          entries, directories included
 * @param maxEntryBytes       one file, uncompressed
 * @param maxCompressionRatio uncompressed over compressed size, for the package and for any file
 *                            larger than 64 KiB
 */
public record PackageLimits(
        long maxZipBytes,
        long maxTotalBytes,
        long maxPackageBytes,
        int maxEntries,
        long maxEntryBytes,
        int maxCompressionRatio) {

    /**
     * WeChat's sizes (2 MB a package, 20 MB in all); an entry count no real app comes near. One file
     * may stay at the earlier 8 MB: the per-package size refuses a larger file at upload anyway, and
     * versions uploaded under the earlier limits must still seal.
     */
    public static final PackageLimits DEFAULT =
            new PackageLimits(24L << 20, 20L << 20, 2L << 20, 10_000, 8L << 20, 100);

    public PackageLimits {
        if (maxZipBytes <= 0
                || maxTotalBytes <= 0
                || maxPackageBytes <= 0
                || maxEntries <= 0
                || maxEntryBytes <= 0
                || maxCompressionRatio <= 1) {
            throw new IllegalArgumentException("package limits must be positive");
        }
    }
}

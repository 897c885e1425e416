package io.atrium.sdk.packaging;

import java.util.List;

/**
 * What validation learned of a package that passed it.
 *
 * @param files      every file, in archive order, with size and SHA-256
 * @param pages      every page the package holds, in app.json's order: the main package's
 *                   {@code pages} first (the first is the entry page), then each subpackage's,
 *                   root included
 * @param totalBytes the sum of the files' sizes
 * @param parts      the main package first, then each subpackage, with its size
 */
public record ValidatedPackage(List<PackageEntry> files, List<String> pages, long totalBytes, List<PackagePart> parts) {

    public ValidatedPackage {
        files = List.copyOf(files);
        pages = List.copyOf(pages);
        parts = List.copyOf(parts);
    }
}

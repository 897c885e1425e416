package io.atrium.sdk.packaging;

import java.util.List;

/**
 * What validation learned of a package that passed it.
 *
 * @param files      every file, in archive order, with size and SHA-256
 * @param pages      the pages app.json lists, in order (the first is the entry page)
 * @param totalBytes the sum of the files' sizes
 */
public record ValidatedPackage(List<PackageEntry> files, List<String> pages, long totalBytes) {

    public ValidatedPackage {
        files = List.copyOf(files);
        pages = List.copyOf(pages);
    }
}

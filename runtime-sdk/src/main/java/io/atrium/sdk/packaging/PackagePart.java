package io.atrium.sdk.packaging;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The main package or one subpackage of a mini-program, as app.json declares it and as its size
 * limit counts it: a file under a subpackage's root belongs to that subpackage, every other file
 * to the main package.
 *
 * @param root        the subpackage's folder ({@code packageA}), or empty for the main package
 * @param name        the subpackage's {@code name} in app.json, when it has one
 * @param pages       its pages as the runtime opens them, root included ({@code packageA/pages/x/x})
 * @param independent whether app.json marks the subpackage {@code independent}
 * @param bytes       the uncompressed size of its files
 */
public record PackagePart(String root, @Nullable String name, List<String> pages, boolean independent, long bytes) {

    public PackagePart {
        pages = List.copyOf(pages);
    }

    /** Whether this is the main package. */
    public boolean main() {
        return root.isEmpty();
    }

    /** How a person names it: {@code main package} or {@code subpackage packageA}. */
    public String label() {
        return main()
                ? "main package"
                : "subpackage " + root + (name == null || name.equals(root) ? "" : " (" + name + ")");
    }
}

package io.atrium.sdk.view;

import org.jspecify.annotations.Nullable;

/** Where a template's imports and includes are read from: a package's files, by path. */
@FunctionalInterface
public interface TemplateSource {

    /** The file's text, or null when the package has no such file. */
    @Nullable
    String read(String path);
}

package io.atrium.sdk;

import io.atrium.sdk.packaging.OpenedPackage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A package's files as a session reads them: a sealed package decrypts each file only when it is read. */
interface PackageFiles {

    boolean contains(String path);

    /** The file's text, or null when there is none. */
    @Nullable
    String read(String path);

    static PackageFiles of(OpenedPackage opened) {
        return new PackageFiles() {
            @Override
            public boolean contains(String path) {
                return opened.contains(path);
            }

            @Override
            public @Nullable String read(String path) {
                return opened.contains(path) ? opened.readString(path) : null;
            }
        };
    }

    static PackageFiles of(Map<String, byte[]> files) {
        return new PackageFiles() {
            @Override
            public boolean contains(String path) {
                return files.containsKey(path);
            }

            @Override
            public @Nullable String read(String path) {
                byte[] bytes = files.get(path);
                return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
            }
        };
    }
}

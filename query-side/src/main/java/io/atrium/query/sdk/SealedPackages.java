package io.atrium.query.sdk;

import java.nio.file.Path;
import java.util.Optional;

/** Where sealed packages are (port; the server answers it from the package store). */
public interface SealedPackages {

    /** The file holding the sealed package with this digest, if the store has it. */
    Optional<Path> locate(String digest);
}

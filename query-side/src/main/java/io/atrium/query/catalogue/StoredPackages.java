package io.atrium.query.catalogue;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the read side finds a version's package as it was uploaded (the content-addressed store the
 * write side keeps it in), to show its files to the people who review and operate it.
 */
public interface StoredPackages {

    /** The file holding the package with this digest, if the store has it. */
    Optional<Path> locate(String digest);
}

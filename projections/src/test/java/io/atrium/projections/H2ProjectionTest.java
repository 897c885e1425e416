package io.atrium.projections;

import io.atrium.projections.readmodel.ReadModelDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The projection contract on the embedded H2 read model. */
class H2ProjectionTest extends ProjectionContract {

    @TempDir
    Path dir;

    @Override
    protected ReadModelDatabase.Opened open() throws Exception {
        return ReadModelDatabase.h2(dir.resolve("readmodel"), 4);
    }
}

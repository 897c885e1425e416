package io.atrium.compiler;

import io.atrium.sdk.packaging.PackageBuilder;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.ScriptCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Builds each sample folder once per test run, as a development host builds it: the SDK's
 * {@link PackageBuilder} with Babel. The suite's own {@code compat.json} is not part of the app, so
 * the folder is copied without it first.
 */
final class CompatPackages {

    private static final Map<Path, Path> BUILT = new ConcurrentHashMap<>();

    private CompatPackages() {}

    static Path build(Path folder, Path work, ScriptCompiler compiler) throws IOException {
        Path key = folder.toAbsolutePath().normalize();
        Path done = BUILT.get(key);
        if (done != null) {
            return done;
        }
        Path copy = work.resolve("src-" + folder.getFileName());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path relative = folder.relativize(file);
            if (relative.toString().equals("compat.json")) {
                continue;
            }
            Path target = copy.resolve(relative.toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path zip = work.resolve(folder.getFileName() + ".zip");
        new PackageBuilder(PackageLimits.DEFAULT, compiler).build(copy, zip);
        BUILT.put(key, zip);
        return zip;
    }
}

package io.atrium.sdk;

import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.logic.ScriptError;
import io.atrium.sdk.packaging.Zips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A host for tests: a runtime that runs local packages and keeps what its mini-programs told it
 * (log lines, script errors, sandbox violations), so each test reads them instead of wiring a
 * listener of its own.
 */
final class RecordingHost implements AutoCloseable {

    final List<String> logs = new CopyOnWriteArrayList<>();
    final List<ScriptError> errors = new CopyOnWriteArrayList<>();
    final List<SandboxViolation> violations = new CopyOnWriteArrayList<>();
    final AtriumRuntime runtime;
    private final Path dir;

    RecordingHost(Path dir) {
        this.dir = dir;
        this.runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .listener(new RuntimeListener() {
                    @Override
                    public void onLog(String miniProgramId, String level, String message) {
                        logs.add(message);
                    }

                    @Override
                    public void onScriptError(String miniProgramId, ScriptError error) {
                        errors.add(error);
                    }

                    @Override
                    public void onViolation(SandboxViolation violation) {
                        violations.add(violation);
                    }
                })
                .build();
    }

    /** Launches a package of these text files at {@code page} (null: the first page). */
    MiniProgramSession launch(Map<String, String> files, @Nullable String page) throws IOException {
        Path zip = dir.resolve("app-" + System.nanoTime() + ".zip");
        Files.write(zip, Zips.zipText(files));
        return runtime.launchLocal(zip, new LaunchOptions(page, Map.of()));
    }

    @Override
    public void close() {
        runtime.close();
    }
}

package io.atrium.ops.check;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The overlays of {@code ops/k8s} as {@code kubectl kustomize} renders them (kubectl carries
 * kustomize; Debian's {@code kubectl} package, which scripts/services installs, is enough).
 * {@code ATRIUM_KUBECTL} points at another kubectl.
 */
final class Overlays {

    static final List<String> NAMES = List.of("single-node", "cluster");

    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {}

    /** The repository's root: the first folder upwards from the working directory that holds ops/k8s. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("ops/k8s"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no ops/k8s above " + Path.of("").toAbsolutePath());
    }

    /** One overlay rendered and read strictly into the typed model, once per test run. */
    static List<HasMetadata> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> StrictManifests.read(render(name)));
    }

    /** kubectl kustomize's YAML for one overlay. */
    static String render(String overlay) {
        Path dir = repositoryRoot().resolve("ops/k8s").resolve(overlay);
        if (!Files.isRegularFile(dir.resolve("kustomization.yaml"))) {
            throw new IllegalArgumentException("no overlay " + dir);
        }
        String kubectl = System.getenv().getOrDefault("ATRIUM_KUBECTL", "kubectl");
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                        .redirectError(errors.toFile())
                        .start();
                process.getOutputStream().close();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + overlay + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + overlay + " failed: "
                            + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot run '" + kubectl + " kustomize' (" + e.getMessage() + "): scripts/services installs "
                            + "Debian's kubectl package, or set ATRIUM_KUBECTL",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + overlay, e);
        }
    }
}

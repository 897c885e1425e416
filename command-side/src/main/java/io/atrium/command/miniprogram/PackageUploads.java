package io.atrium.command.miniprogram;

import io.atrium.command.dispatch.Accepted;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.command.dispatch.RequestContexts;
import io.atrium.command.miniprogram.MiniProgramCommands.UploadVersion;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.PackageFile;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.sdk.packaging.PackageBuilder;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.ScriptCompiler;
import io.atrium.sdk.packaging.ValidatedPackage;
import io.atrium.sdk.store.PackageStore;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Takes an uploaded zip from a temporary file to a recorded version: read it under every
 * protection against hostile archives, build the package of it as WeChat's tools do (files WeChat
 * does not upload are left out and reported, scripts compiled), validate that (nothing is stored
 * unless it passes), store it under its digest, record {@link UploadVersion}. If the command is
 * refused, a blob this upload created is removed again, so a refused upload leaves nothing behind.
 */
@Component
public class PackageUploads {

    private static final Logger LOG = LoggerFactory.getLogger(PackageUploads.class);

    private final PackageStore store;
    private final PackageBuilder builder;
    private final CommandDispatcher dispatcher;
    private final PackageLimits limits;

    static final int BUILD_THREADS = 2;
    static final int BUILDS_WAITING = 32;

    private final Scheduler builds =
            Schedulers.newBoundedElastic(BUILD_THREADS, BUILDS_WAITING, "atrium-package-builds", 60, true);

    /** @param compiler every script of an upload goes through it before the package is stored */
    public PackageUploads(
            PackageStore store, PackageLimits limits, CommandDispatcher dispatcher, ScriptCompiler compiler) {
        this.store = store;
        this.builder = new PackageBuilder(limits, compiler);
        this.limits = limits;
        this.dispatcher = dispatcher;
    }

    /**
     * A recorded upload.
     *
     * @param accepted the recorded command
     * @param leftOut  the files of the upload the stored package does not hold, and why
     */
    public record Uploaded(Accepted accepted, List<PackageBuilder.LeftOut> leftOut) {

        public Uploaded {
            leftOut = List.copyOf(leftOut);
        }
    }

    /**
     * A package built from an upload, waiting to be recorded: the built zip (a temporary file) and
     * what the build found.
     */
    public record Built(Path file, PackageBuilder.Result result) {}

    /**
     * Builds the package of the uploaded {@code zip} (hostile-zip checks, left-out files, compiled
     * scripts, validation). Blocking and CPU-heavy: run it on {@link #builds()}, not on a command
     * thread, so slow builds never hold the threads every command needs. The caller deletes both
     * files when done ({@link #discard}); on failure nothing built is left.
     */
    public Built build(Path zip) throws IOException {
        Path built = zip.resolveSibling(zip.getFileName() + ".package");
        return new Built(built, builder.build(zip, built));
    }

    /**
     * Where package builds run: {@value #BUILD_THREADS} threads (the compiler runs one script at a
     * time anyway), and at most {@value #BUILDS_WAITING} builds waiting; past that an upload is
     * refused as busy, to be retried.
     */
    public Scheduler builds() {
        return builds;
    }

    /** Stores the built package and records {@link UploadVersion}. Blocking: call on a command thread. */
    public Uploaded record(
            MiniProgramId miniProgramId, VersionNumber version, String notes, Built built, RequestContext context) {
        PackageBuilder.Result result = built.result();
        ValidatedPackage validated = result.validated();
        // The built package's digest: the same upload builds the same bytes, so a retry matches.
        String digest = result.sha256();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("version", version.value());
        request.put("notes", notes);
        request.put("package", digest);
        RequestContext fingerprinted = context.idempotencyKey() == null
                ? context
                : context.withFingerprint(RequestContexts.fingerprint(
                        "POST /api/v1/mini-programs/" + miniProgramId.value() + "/versions", request));
        Accepted accepted = BlobRecords.record(
                store,
                dispatcher,
                digest,
                () -> Files.newInputStream(built.file()),
                limits.maxZipBytes(),
                blob -> new UploadVersion(
                        miniProgramId,
                        context.caller().tenant(),
                        context.caller().actor(),
                        version,
                        notes,
                        blob.digest(),
                        blob.size(),
                        validated.files().stream()
                                .map(f -> new PackageFile(f.path(), f.size(), f.sha256()))
                                .toList()),
                fingerprinted);
        return new Uploaded(accepted, result.leftOut());
    }

    /** Builds and records in one go, on the calling thread. Deletes {@code zip} when done. */
    public Uploaded upload(
            MiniProgramId miniProgramId, VersionNumber version, String notes, Path zip, RequestContext context) {
        Built built = null;
        try {
            built = build(zip);
            return record(miniProgramId, version, notes, built, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            discard(zip, built);
        }
    }

    /** Deletes an upload's temporary files, whatever became of it. */
    public static void discard(Path zip, @Nullable Built built) {
        List<Path> temporary = built == null
                ? List.of(zip, zip.resolveSibling(zip.getFileName() + ".package"))
                : List.of(zip, built.file());
        for (Path file : temporary) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Could not delete the upload's temporary file {}", file, e);
            }
        }
    }

    @PreDestroy
    void stopBuilds() {
        builds.dispose();
    }
}

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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

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

    /** Blocking: call on a command thread. Deletes {@code zip} when done. */
    public Uploaded upload(
            MiniProgramId miniProgramId, VersionNumber version, String notes, Path zip, RequestContext context) {
        Path built = zip.resolveSibling(zip.getFileName() + ".package");
        try {
            PackageBuilder.Result result = builder.build(zip, built);
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
            // Same-content uploads serialize here, so a refused one never deletes a blob another one recorded.
            Accepted accepted = dispatcher.withLock("blob:" + digest, () -> {
                PackageStore.StoredBlob blob;
                try (InputStream in = Files.newInputStream(built)) {
                    blob = store.put(in, limits.maxZipBytes());
                }
                try {
                    return dispatcher.execute(
                            new UploadVersion(
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
                } catch (RuntimeException e) {
                    if (blob.created()) {
                        store.delete(blob.digest());
                    }
                    throw e;
                }
            });
            return new Uploaded(accepted, result.leftOut());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Path temporary : List.of(zip, built)) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.warn("Could not delete the upload's temporary file {}", temporary, e);
                }
            }
        }
    }
}

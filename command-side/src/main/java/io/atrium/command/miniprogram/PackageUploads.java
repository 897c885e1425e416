package io.atrium.command.miniprogram;

import io.atrium.command.dispatch.Accepted;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.command.dispatch.RequestContexts;
import io.atrium.command.miniprogram.MiniProgramCommands.UploadVersion;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.PackageFile;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.PackageValidator;
import io.atrium.sdk.packaging.ValidatedPackage;
import io.atrium.sdk.store.PackageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes an uploaded zip from a temporary file to a recorded version: validate it (nothing is stored
 * unless it passes), store it under its digest, record {@link UploadVersion}. If the command is
 * refused, a blob this upload created is removed again, so a refused upload leaves nothing behind.
 */
@Component
public class PackageUploads {

    private static final Logger LOG = LoggerFactory.getLogger(PackageUploads.class);

    private final PackageStore store;
    private final PackageValidator validator;
    private final CommandDispatcher dispatcher;
    private final PackageLimits limits;

    public PackageUploads(PackageStore store, PackageLimits limits, CommandDispatcher dispatcher) {
        this.store = store;
        this.validator = new PackageValidator(limits);
        this.limits = limits;
        this.dispatcher = dispatcher;
    }

    /** Blocking: call on a command thread. Deletes {@code zip} when done. */
    public Accepted upload(
            MiniProgramId miniProgramId, VersionNumber version, String notes, Path zip, RequestContext context) {
        try {
            ValidatedPackage validated = validator.validate(zip);
            String digest = digestOf(zip);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("version", version.value());
            request.put("notes", notes);
            request.put("package", digest);
            RequestContext fingerprinted = context.idempotencyKey() == null
                    ? context
                    : context.withFingerprint(RequestContexts.fingerprint(
                            "POST /api/v1/mini-programs/" + miniProgramId.value() + "/versions", request));
            // Same-content uploads serialize here, so a refused one never deletes a blob another one recorded.
            return dispatcher.withLock("blob:" + digest, () -> {
                PackageStore.StoredBlob blob;
                try (InputStream in = Files.newInputStream(zip)) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(zip);
            } catch (IOException e) {
                LOG.warn("Could not delete the upload's temporary file {}", zip, e);
            }
        }
    }

    private static String digestOf(Path zip) throws IOException {
        try (InputStream in = Files.newInputStream(zip)) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

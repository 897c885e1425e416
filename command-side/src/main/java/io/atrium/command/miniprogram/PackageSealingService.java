package io.atrium.command.miniprogram;

import io.atrium.command.keys.PlatformKeys;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.SealedPackage;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.sdk.packaging.KeyWrap;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.PackageSealer;
import io.atrium.sdk.store.PackageStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Seals an approved version's package into the package store. The data key leaves here only
 * wrapped under the platform master key. If the transaction that records the approval does not
 * commit, the sealed blob is removed again.
 */
@Component
public class PackageSealingService implements PackageSealing {

    private static final Logger LOG = LoggerFactory.getLogger(PackageSealingService.class);

    private final PackageStore store;
    private final PlatformKeys keys;
    private final PackageLimits limits;

    public PackageSealingService(PackageStore store, PlatformKeys keys, PackageLimits limits) {
        this.store = store;
        this.keys = keys;
        this.limits = limits;
    }

    /** The context a version's wrapped data key is bound to. */
    public static String dataKeyContext(MiniProgramId miniProgramId, VersionNumber version) {
        return "atrium/data-key/v1\n" + miniProgramId.value() + "\n" + version.value();
    }

    @Override
    public SealedPackage seal(MiniProgramId miniProgramId, VersionNumber version, String packageDigest) {
        try {
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();
            PackageSealer.Result result;
            try (InputStream plain = store.open(packageDigest)) {
                result = new PackageSealer(keys.signingKey(), limits)
                        .seal(plain, miniProgramId.value(), version.value(), sealed);
            }
            PackageStore.StoredBlob blob = store.put(new ByteArrayInputStream(sealed.toByteArray()), Long.MAX_VALUE);
            if (blob.created()) {
                removeUnlessCommitted(blob.digest());
            }
            String wrapped = KeyWrap.wrap(keys.masterKey(), result.dataKey(), dataKeyContext(miniProgramId, version));
            return new SealedPackage(
                    blob.digest(),
                    blob.size(),
                    result.manifestSha256(),
                    keys.signingKey().keyId(),
                    wrapped,
                    java.util.Base64.getEncoder().encodeToString(result.signature()));
        } catch (IOException e) {
            throw new UncheckedIOException("sealing " + miniProgramId + "@" + version + " failed", e);
        }
    }

    private void removeUnlessCommitted(String digest) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    try {
                        store.delete(digest);
                    } catch (IOException e) {
                        LOG.warn("Could not remove sealed package {} of an approval that did not commit", digest, e);
                    }
                }
            }
        });
    }
}

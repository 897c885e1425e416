package io.atrium.command.miniprogram;

import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.SealedPackage;
import io.atrium.events.miniprogram.VersionNumber;

/**
 * Seals an uploaded package when its version is approved (port; the aggregate calls it once the
 * approval is allowed). An implementation must leave nothing behind if the approval is not recorded.
 */
public interface PackageSealing {

    /**
     * @param packageDigest the uploaded package's address in the package store
     * @return where the sealed package is and its wrapped data key
     */
    SealedPackage seal(MiniProgramId miniProgramId, VersionNumber version, String packageDigest);
}

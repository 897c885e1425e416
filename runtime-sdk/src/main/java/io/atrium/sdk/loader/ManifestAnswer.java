package io.atrium.sdk.loader;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The platform's answer to a manifest request: which version this user gets, where its sealed
 * package is, and what to check it against.
 *
 * @param miniProgramId  the mini-program
 * @param version        the version resolved for the user (gray or current)
 * @param grayReleaseId  the gray release the user falls in, or null
 * @param packagePath    where to download the sealed package (a path on the platform)
 * @param digest         hex SHA-256 of the sealed package
 * @param size           its size in bytes
 * @param signingKeyId   the platform key that signed it
 * @param wrappedDataKey the version's data key, wrapped for this host app
 * @param policy         the host's policy for this mini-program
 */
public record ManifestAnswer(
        String miniProgramId,
        String version,
        @Nullable String grayReleaseId,
        String packagePath,
        String digest,
        long size,
        String signingKeyId,
        String wrappedDataKey,
        Map<String, Object> policy) {}

package io.atrium.events.miniprogram;

import java.util.Objects;

/**
 * Where the sealed (encrypted and signed) form of an approved version lives and how to open it.
 *
 * @param digest         lower-case hex SHA-256 of the sealed package; its address in the package store
 * @param size           its size in bytes
 * @param manifestSha256 lower-case hex SHA-256 of its signed manifest
 * @param signingKeyId   the id of the platform key that signed the manifest
 * @param wrappedDataKey the version's data key, wrapped (AES-GCM) under the platform master key,
 *                       base64; only the platform can unwrap it
 * @param manifestSignature the platform's Ed25519 signature of the manifest, base64
 */
public record SealedPackage(
        String digest,
        long size,
        String manifestSha256,
        String signingKeyId,
        String wrappedDataKey,
        String manifestSignature) {

    public SealedPackage {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        Objects.requireNonNull(signingKeyId, "signingKeyId");
        Objects.requireNonNull(wrappedDataKey, "wrappedDataKey");
        Objects.requireNonNull(manifestSignature, "manifestSignature");
    }
}

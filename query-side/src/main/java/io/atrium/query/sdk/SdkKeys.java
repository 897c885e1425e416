package io.atrium.query.sdk;

/**
 * The platform secrets the SDK endpoints need (port; the server implements it with the platform's
 * key files, so the read side holds no key material of its own).
 */
public interface SdkKeys {

    /** The signing secret of a host app (derived from the platform master key). */
    String hostSecret(String hostAppId, int generation);

    /**
     * The version's data key, unwrapped from the platform's wrapping and wrapped again for one host
     * app: AES-256-GCM under HKDF-SHA256(host secret, salt "atrium/host-kek/v1", info hostAppId),
     * bound to {@code "atrium/host-data-key/v1\n" + hostAppId + "\n" + miniProgramId + "\n" + version}.
     *
     * @return base64 of nonce, ciphertext and tag
     */
    String wrapForHost(
            String platformWrappedKey, String miniProgramId, String version, String hostAppId, String hostSecret);

    /** The id of the platform signing key. */
    String platformKeyId();

    /** The platform's Ed25519 public key, X.509, base64: hosts pin it to verify manifest signatures. */
    String platformPublicKey();
}

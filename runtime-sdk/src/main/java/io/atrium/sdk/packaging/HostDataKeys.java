package io.atrium.sdk.packaging;

import java.nio.charset.StandardCharsets;

/**
 * How a version's data key travels to one host app: wrapped (AES-GCM, {@link KeyWrap}) under a key
 * derived with HKDF-SHA256 from the host app's secret. The platform wraps with it, the runtime
 * unwraps with it; both sides must agree on every byte here.
 */
public final class HostDataKeys {

    static final byte[] HOST_KEK_SALT = "atrium/host-kek/v1".getBytes(StandardCharsets.UTF_8);

    private HostDataKeys() {}

    /** The key-encryption key of a host app. */
    public static byte[] hostKek(String hostSecret, String hostAppId) {
        return KeyWrap.hkdf(hostSecret.getBytes(StandardCharsets.UTF_8), HOST_KEK_SALT, hostAppId, 32);
    }

    /** The associated data a wrapped data key is bound to: which host, which mini-program, which version. */
    public static String context(String hostAppId, String miniProgramId, String version) {
        return "atrium/host-data-key/v1\n" + hostAppId + "\n" + miniProgramId + "\n" + version;
    }

    /** Unwraps a data key from a manifest answer. */
    public static byte[] unwrap(
            String hostSecret, String hostAppId, String miniProgramId, String version, String wrapped) {
        return KeyWrap.unwrap(hostKek(hostSecret, hostAppId), wrapped, context(hostAppId, miniProgramId, version));
    }
}

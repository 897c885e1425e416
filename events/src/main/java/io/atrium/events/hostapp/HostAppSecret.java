package io.atrium.events.hostapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a host app's signing secret is derived, so the write side (which answers it once, at
 * registration) and the read side (which checks the host's request signatures) agree without the
 * secret ever being written to the event log:
 * {@code hex(HMAC-SHA256(masterKey, "atrium/host-app-secret/v1\n" + hostAppId + "\n" + generation))}.
 * Whoever holds the platform master key can derive it; nobody else can.
 */
public final class HostAppSecret {

    private HostAppSecret() {}

    /**
     * @param masterKey  the platform master key (32 bytes)
     * @param hostAppId  the host app
     * @param generation the secret's generation, 1 at registration
     * @return the secret, 64 lower-case hex characters
     */
    public static String derive(byte[] masterKey, HostAppId hostAppId, int generation) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            byte[] out = mac.doFinal(("atrium/host-app-secret/v1\n" + hostAppId.value() + "\n" + generation)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

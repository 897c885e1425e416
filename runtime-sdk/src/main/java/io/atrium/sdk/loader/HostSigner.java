package io.atrium.sdk.loader;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs {@code /sdk/v1/*} requests as the platform expects (README, SDK signing):
 * {@code hex(HMAC-SHA256(secret, timestamp \n nonce \n METHOD \n path \n bundleId \n hex(SHA-256(body))))},
 * naming the calling app's bundle id in {@code X-Atrium-Bundle-Id}.
 */
public final class HostSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String hostAppId;
    private final byte[] secret;
    private final String bundleId;
    private final Clock clock;

    /** @param bundleId this app's bundle id / package name, one the host app registered on the platform */
    public HostSigner(String hostAppId, String secret, String bundleId, Clock clock) {
        this.hostAppId = hostAppId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.bundleId = bundleId;
        this.clock = clock;
    }

    /** The five headers of a signed request, with a fresh nonce. */
    public Map<String, String> headers(String method, String path, byte[] body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        String nonce = HexFormat.of().formatHex(nonceBytes);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Atrium-App", hostAppId);
        headers.put("X-Atrium-Bundle-Id", bundleId);
        headers.put("X-Atrium-Timestamp", timestamp);
        headers.put("X-Atrium-Nonce", nonce);
        headers.put("X-Atrium-Signature", HexFormat.of().formatHex(sign(timestamp, nonce, method, path, body)));
        return headers;
    }

    /** The signature of one request. */
    public byte[] sign(String timestamp, String nonce, String method, String path, byte[] body) {
        try {
            String bodyHash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(
                    (timestamp + "\n" + nonce + "\n" + method + "\n" + path + "\n" + bundleId + "\n" + bodyHash)
                            .getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

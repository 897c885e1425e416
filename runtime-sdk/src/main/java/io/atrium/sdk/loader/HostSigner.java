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
 * Signs {@code /sdk/v1/*} requests as the platform expects (DESIGN, host-app request signing):
 * {@code hex(HMAC-SHA256(secret, timestamp \n nonce \n METHOD \n path \n hex(SHA-256(body))))}.
 */
public final class HostSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String hostAppId;
    private final byte[] secret;
    private final Clock clock;

    public HostSigner(String hostAppId, String secret, Clock clock) {
        this.hostAppId = hostAppId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** The four headers of a signed request, with a fresh nonce. */
    public Map<String, String> headers(String method, String path, byte[] body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        String nonce = HexFormat.of().formatHex(nonceBytes);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Atrium-App", hostAppId);
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
            return mac.doFinal((timestamp + "\n" + nonce + "\n" + method + "\n" + path + "\n" + bodyHash)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

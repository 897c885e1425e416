package io.atrium.query.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a host app's request signature:
 * {@code hex(HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + METHOD + "\n" + path + "\n" + hex(SHA-256(body))))},
 * with the timestamp no more than 300 s away and the nonce not seen before within that window.
 * A nonce is remembered only once its signature verified, so nobody can burn another host's nonces.
 */
public final class HostSignatures {

    public static final Duration WINDOW = Duration.ofSeconds(300);

    /**
     * One digest and one Mac per thread. {@code getInstance} walks the security providers on every
     * call (about a third of the check's time under manifest load); both reset after each use.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final Clock clock;
    private final NonceLedger seen;

    public HostSignatures(Clock clock) {
        this.clock = clock;
        this.seen = new NonceLedger(clock, WINDOW);
    }

    /** Why a request was refused. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * @throws Refused naming what is wrong: a missing header, a stale timestamp, a bad signature, a replayed nonce
     */
    public void verify(
            String hostAppId,
            String secret,
            String timestamp,
            String nonce,
            String signature,
            String method,
            String path,
            byte[] body) {
        if (timestamp == null || nonce == null || signature == null) {
            throw new Refused(
                    "sign the request: X-Atrium-App, X-Atrium-Timestamp, X-Atrium-Nonce and X-Atrium-Signature are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new Refused("X-Atrium-Timestamp must be unix seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > WINDOW.toSeconds()) {
            throw new Refused("the timestamp is more than " + WINDOW.toSeconds() + " s away from the server's clock");
        }
        if (!isNonce(nonce)) {
            throw new Refused("X-Atrium-Nonce must be 8-64 letters, digits, '-' or '_'");
        }
        if (signature.length() != 64 || !isHex(signature)) {
            throw new Refused("X-Atrium-Signature must be 64 hex characters");
        }
        byte[] expected = sign(secret, timestamp, nonce, method, path, body);
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature))) {
            throw new Refused("the signature does not match");
        }
        if (!seen.firstUse(hostAppId, nonce, seconds)) {
            throw new Refused("the nonce was used before");
        }
    }

    /** The signature of a request, as a host computes it. */
    public static byte[] sign(String secret, String timestamp, String nonce, String method, String path, byte[] body) {
        try {
            String bodyHash = HexFormat.of().formatHex(SHA256.get().digest(body));
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal((timestamp + "\n" + nonce + "\n" + method + "\n" + path + "\n" + bodyHash)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code [A-Za-z0-9_-]{8,64}}, checked by hand: the regex cost more than the nonce ledger. */
    static boolean isNonce(String nonce) {
        int n = nonce.length();
        if (n < 8 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = nonce.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}

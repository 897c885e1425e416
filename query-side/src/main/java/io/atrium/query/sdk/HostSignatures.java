package io.atrium.query.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks a host app's request signature:
 * {@code hex(HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + METHOD + "\n" + path + "\n" + bundleId + "\n" + hex(SHA-256(body))))},
 * with the timestamp no more than 300 s away and the nonce not seen before within that window. The
 * bundle id ({@code X-Atrium-Bundle-Id}, the calling app's id or package name) is signed so that a
 * request cannot be replayed as coming from another of the host's apps; a client of the earlier
 * canonical string (without it) sends no such header and is refused as {@code bundle-id-missing}.
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

    /** Why a request was refused: a 401 ({@code unauthenticated} unless a slug says more) or a 403. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String slug;

        public Refused(String message) {
            this(401, "unauthenticated", message);
        }

        public Refused(int status, String slug, String message) {
            super(message);
            this.status = status;
            this.slug = slug;
        }

        /** 401 or 403. */
        public int status() {
            return status;
        }

        /** The problem type's last segment, e.g. {@code bundle-id-not-registered}. */
        public String slug() {
            return slug;
        }
    }

    /**
     * Checks the signature against the host's current secret and, while its grace period lasts, the
     * previous one.
     *
     * @param previousSecret the previous generation's secret while it is still accepted, else null
     * @return whether the request was signed with {@code previousSecret}
     * @throws Refused naming what is wrong: a missing header, a stale timestamp, a bad signature, a replayed nonce
     */
    public boolean verify(
            String hostAppId,
            String secret,
            @Nullable String previousSecret,
            @Nullable String timestamp,
            @Nullable String nonce,
            @Nullable String signature,
            String bundleId,
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
        byte[] presented = HexFormat.of().parseHex(signature);
        boolean previous = false;
        if (!MessageDigest.isEqual(sign(secret, timestamp, nonce, method, path, bundleId, body), presented)) {
            if (previousSecret == null
                    || !MessageDigest.isEqual(
                            sign(previousSecret, timestamp, nonce, method, path, bundleId, body), presented)) {
                throw new Refused("the signature does not match");
            }
            previous = true;
        }
        if (!seen.firstUse(hostAppId, nonce, seconds)) {
            throw new Refused("the nonce was used before");
        }
        return previous;
    }

    /** The signature of a request, as a host computes it. */
    public static byte[] sign(
            String secret, String timestamp, String nonce, String method, String path, String bundleId, byte[] body) {
        try {
            String bodyHash = HexFormat.of().formatHex(SHA256.get().digest(body));
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(
                    (timestamp + "\n" + nonce + "\n" + method + "\n" + path + "\n" + bundleId + "\n" + bodyHash)
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

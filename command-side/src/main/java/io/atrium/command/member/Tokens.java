package io.atrium.command.member;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Opaque random tokens (256 bits, base64url) with a prefix that says what they are: {@code atm_}
 * access tokens (a member's bearer credential, beside {@code atr_} API keys), {@code atmr_} refresh
 * tokens, {@code atmi_} invitations. Only their SHA-256 is ever stored.
 */
public final class Tokens {

    public static final String ACCESS = "atm_";
    public static final String REFRESH = "atmr_";
    public static final String INVITATION = "atmi_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256(String token) {
        return io.atrium.events.access.CredentialDigest.of(token);
    }

    /** A new access and refresh token, as answered once to the client. */
    public record Issued(String accessToken, Instant accessExpiresAt, String refreshToken, Instant refreshExpiresAt) {
        public Pair hashes() {
            return new Pair(sha256(accessToken), accessExpiresAt, sha256(refreshToken), refreshExpiresAt);
        }
    }

    /** What commands and events carry of a pair: digests and expiries. */
    public record Pair(String accessSha256, Instant accessExpiresAt, String refreshSha256, Instant refreshExpiresAt) {}

    public static Issued issue(Instant now, java.time.Duration accessTtl, java.time.Duration refreshTtl) {
        return new Issued(generate(ACCESS), now.plus(accessTtl), generate(REFRESH), now.plus(refreshTtl));
    }
}

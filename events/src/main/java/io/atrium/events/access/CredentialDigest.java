package io.atrium.events.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the platform keeps of a secret it hands out (an API key, a member's token or invitation): the
 * lower-case hex SHA-256 of its UTF-8 bytes. The write side stores it and both sides look credentials up
 * by it, so they must compute it the same way; this is the one place that does.
 */
public final class CredentialDigest {

    private CredentialDigest() {}

    public static String of(String credential) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

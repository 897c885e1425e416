package io.atrium.command.apikey;

import java.security.SecureRandom;
import java.util.Base64;

/** How API keys look: {@code atr_} and 43 base64url characters (256 random bits). */
public final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "atr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

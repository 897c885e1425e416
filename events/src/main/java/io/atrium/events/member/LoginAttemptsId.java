package io.atrium.events.member;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The stream of login attempts against one e-mail address in one tenant, whether or not a member has
 * it: {@code lgn-} and 32 hex characters of SHA-256 over the tenant and the lower-cased address. Every
 * address gets the same stream shape, so an unknown address is counted and locked exactly like a
 * member's.
 */
public record LoginAttemptsId(@JsonValue String value) {

    @JsonCreator
    public LoginAttemptsId {
        Objects.requireNonNull(value, "loginAttemptsId");
    }

    public static LoginAttemptsId of(TenantId tenant, String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((tenant.value() + "\n" + email.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return new LoginAttemptsId("lgn-" + HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

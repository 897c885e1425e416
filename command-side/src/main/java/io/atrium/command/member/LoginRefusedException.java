package io.atrium.command.member;

import org.jspecify.annotations.Nullable;

/**
 * A login, refresh, logout, invitation or password change was refused. Each kind is one problem
 * type; none says whether an address belongs to a member.
 */
public class LoginRefusedException extends RuntimeException {

    /** The kinds of refusal, with their HTTP status and problem slug. */
    public enum Kind {
        /** Wrong address, password, or a disabled member: told apart nowhere but in the security log. */
        INVALID_CREDENTIALS(401, "login-failed", "the e-mail address or password is wrong"),
        /** Too many failures in a row; {@code Retry-After} says when to try again. */
        LOCKED(423, "login-locked", "too many failed logins with this address; try again later"),
        /** The password was right; a TOTP code (or a recovery code) is needed too. */
        SECOND_FACTOR_REQUIRED(401, "second-factor-required", "this member needs a TOTP code or a recovery code"),
        /** The password is older than the policy allows: change it with POST /api/v1/auth/password. */
        PASSWORD_EXPIRED(
                401, "password-expired", "the password has expired; change it with POST /api/v1/auth/password"),
        /** A refresh, invitation or access token that is unknown, expired or revoked. */
        INVALID_TOKEN(401, "invalid-token", "the token is unknown, expired or revoked"),
        /** A refresh token used a second time: every token of its login is now revoked. */
        REFRESH_TOKEN_REUSED(
                401,
                "refresh-token-reused",
                "this refresh token was already used; every token of its login is revoked");

        private final int status;
        private final String slug;
        private final String detail;

        Kind(int status, String slug, String detail) {
            this.status = status;
            this.slug = slug;
            this.detail = detail;
        }

        public int status() {
            return status;
        }

        public String slug() {
            return slug;
        }

        public String detail() {
            return detail;
        }
    }

    private final Kind kind;
    private final @Nullable Long retryAfterSeconds;

    /** @param retryAfterSeconds for {@link Kind#LOCKED}: how long the lockout still lasts */
    public LoginRefusedException(Kind kind, @Nullable Long retryAfterSeconds) {
        super(kind.detail());
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public LoginRefusedException(Kind kind) {
        this(kind, (Long) null);
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#LOCKED}: seconds until the lockout ends, by the platform's clock. */
    public @Nullable Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package io.atrium.command.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.events.InvalidValueException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Argon2id in PHC form, the policy's password rules with the shipped list, and RFC 6238. */
class PasswordsAndTotpTest {

    /** Small parameters keep the test quick; the format and the checks are the same. */
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Parameters(1024, 1, 1));

    @Test
    void hashesInPhcFormWithTheParametersAndVerifies() {
        String hash = hasher.hash("correct horse battery staple");
        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.verify("correct horse battery stapler", hash)).isFalse();
        assertThat(hasher.hash("correct horse battery staple")).isNotEqualTo(hash);
        assertThat(hasher.verify("x", "not a hash")).isFalse();
    }

    @Test
    void aHashWithWeakerParametersThanConfiguredNeedsARehash() {
        String weak = hasher.hash("pw");
        PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Parameters(2048, 1, 1));
        assertThat(stronger.needsRehash(weak)).isTrue();
        assertThat(stronger.verify("pw", weak)).isTrue();
        assertThat(hasher.needsRehash(weak)).isFalse();
    }

    @Test
    void theShippedListHoldsTheCommonPasswords() {
        CommonPasswords common = CommonPasswords.load(100_000);
        assertThat(common.size()).isGreaterThan(99_000);
        assertThat(common.contains("password")).isTrue();
        assertThat(common.contains("Q1W2E3R4T5Y6")).isTrue();
        assertThat(common.contains("a long and private passphrase 7")).isFalse();
        LoginPolicy policy = new LoginPolicy(12, List.of(), true, 0, 5, 15);
        assertThatThrownBy(() -> policy.check("password", "q1w2e3r4t5y6", common))
                .hasMessageContaining("common");
        new LoginPolicy(12, List.of(), false, 0, 5, 15).check("password", "q1w2e3r4t5y6", common);
    }

    @Test
    void aPasswordBreaksTheFirstRuleItMisses() {
        CommonPasswords common = CommonPasswords.load(100_000);
        LoginPolicy policy = new LoginPolicy(12, List.of("upper", "symbol"), true, 0, 5, 15);
        assertThatThrownBy(() -> policy.check("password", "Short!", common))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("12 characters");
        assertThatThrownBy(() -> policy.check("password", "no upper case here!", common))
                .hasMessageContaining("upper-case");
        assertThatThrownBy(() -> policy.check("password", "No Symbol Here At All", common))
                .hasMessageContaining("symbol");
        policy.check("password", "A Symbol Here: yes", common);
    }

    @Test
    void totpMatchesRfc6238sSha1TestVectors() {
        // RFC 6238 appendix B: the secret "12345678901234567890", 8 digits there; the 6 low digits here.
        String secret = Totp.base32("12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(Totp.codeAt(secret, Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(Totp.codeAt(secret, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
        assertThat(Totp.codeAt(secret, Instant.ofEpochSecond(1234567890))).isEqualTo("005924");
        assertThat(Totp.codeAt(secret, Instant.ofEpochSecond(2000000000))).isEqualTo("279037");
    }

    @Test
    void aCodeIsAcceptedOneStepEitherSideOnly() {
        String secret = Totp.newSecret();
        Instant now = Instant.parse("2026-12-01T09:00:10Z");
        String code = Totp.codeAt(secret, now);
        assertThat(Totp.step(secret, code, now)).isPresent();
        assertThat(Totp.step(secret, code, now.plusSeconds(30))).isPresent();
        assertThat(Totp.step(secret, code, now.minusSeconds(30))).isPresent();
        assertThat(Totp.step(secret, code, now.plusSeconds(90))).isEmpty();
        assertThat(Totp.step(secret, "12345", now)).isEmpty();
    }

    @Test
    void aCodeNamesTheStepItBelongsTo() {
        // The step, not just a yes, is what the login keeps so the same code cannot log in twice.
        String secret = Totp.newSecret();
        Instant now = Instant.parse("2026-12-01T09:00:10Z");
        long step = now.getEpochSecond() / 30;
        assertThat(Totp.step(secret, Totp.codeAt(secret, now), now)).hasValue(step);
        assertThat(Totp.step(secret, Totp.codeAt(secret, now), now.plusSeconds(30)))
                .hasValue(step);
        assertThat(Totp.step(secret, Totp.codeAt(secret, now.plusSeconds(30)), now))
                .hasValue(step + 1);
        assertThat(Totp.step(secret, null, now)).isEmpty();
    }
}

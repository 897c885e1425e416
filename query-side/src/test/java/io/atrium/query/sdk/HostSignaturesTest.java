package io.atrium.query.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HostSignaturesTest {

    private static final String BUNDLE = "com.example.shell";
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private final HostSignatures signatures = new HostSignatures(Clock.fixed(NOW, ZoneOffset.UTC));
    private final byte[] body = "{\"hostAppId\":\"ha-1\"}".getBytes(StandardCharsets.UTF_8);
    private final String ts = Long.toString(NOW.getEpochSecond());

    private String sig(String secret, String nonce, byte[] body) {
        return HexFormat.of()
                .formatHex(HostSignatures.sign(secret, ts, nonce, "POST", "/sdk/v1/manifest", BUNDLE, body));
    }

    @Test
    void signsWithTheSecretGivenEachTimeThoughTheMacIsReused() {
        // The thread's Mac is re-keyed for every request: another host's secret must never leak into the next check.
        String a = sig("secret-a", "nonce-0001", body);
        String b = sig("secret-b", "nonce-0001", body);
        assertThat(a).isNotEqualTo(b);
        assertThat(sig("secret-a", "nonce-0001", body)).isEqualTo(a);
        assertThat(sig("secret-a", "nonce-0001", "{}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(a);
    }

    @Test
    void acceptsAnUppercaseSignatureOnceAndRefusesMalformedHeaders() {
        signatures.verify(
                "ha-1",
                "secret-a",
                null,
                ts,
                "nonce-0002",
                sig("secret-a", "nonce-0002", body).toUpperCase(Locale.ROOT),
                BUNDLE,
                "POST",
                "/sdk/v1/manifest",
                body);
        assertThatThrownBy(() -> signatures.verify(
                        "ha-1",
                        "secret-a",
                        null,
                        ts,
                        "nonce-0002",
                        sig("secret-a", "nonce-0002", body),
                        BUNDLE,
                        "POST",
                        "/sdk/v1/manifest",
                        body))
                .hasMessageContaining("used before");
        assertThatThrownBy(() -> signatures.verify(
                        "ha-1",
                        "secret-a",
                        null,
                        ts,
                        "short",
                        sig("secret-a", "short", body),
                        BUNDLE,
                        "POST",
                        "/sdk/v1/manifest",
                        body))
                .hasMessageContaining("8-64");
        assertThatThrownBy(() -> signatures.verify(
                        "ha-1",
                        "secret-a",
                        null,
                        ts,
                        "nonce.0003",
                        sig("secret-a", "nonce.0003", body),
                        BUNDLE,
                        "POST",
                        "/sdk/v1/manifest",
                        body))
                .hasMessageContaining("8-64");
        assertThatThrownBy(() -> signatures.verify(
                        "ha-1",
                        "secret-a",
                        null,
                        ts,
                        "nonce-0004",
                        "g".repeat(64),
                        BUNDLE,
                        "POST",
                        "/sdk/v1/manifest",
                        body))
                .hasMessageContaining("64 hex");
        assertThatThrownBy(() -> signatures.verify(
                        "ha-1",
                        "secret-a",
                        null,
                        ts,
                        "nonce-0005",
                        sig("secret-b", "nonce-0005", body),
                        BUNDLE,
                        "POST",
                        "/sdk/v1/manifest",
                        body))
                .hasMessageContaining("does not match");
    }

    @Test
    void acceptsThePreviousSecretOnlyWhereItIsGivenAndSaysSo() {
        assertThat(signatures.verify(
                        "ha-1",
                        "secret-new",
                        "secret-old",
                        ts,
                        "nonce-0010",
                        sig("secret-old", "nonce-0010", body),
                        BUNDLE,
                        "POST",
                        "/sdk/v1/manifest",
                        body))
                .isTrue();
        assertThat(signatures.verify(
                        "ha-1",
                        "secret-new",
                        "secret-old",
                        ts,
                        "nonce-0011",
                        sig("secret-new", "nonce-0011", body),
                        BUNDLE,
                        "POST",
                        "/sdk/v1/manifest",
                        body))
                .isFalse();
        assertThatThrownBy(() -> signatures.verify(
                        "ha-1",
                        "secret-new",
                        null,
                        ts,
                        "nonce-0012",
                        sig("secret-old", "nonce-0012", body),
                        BUNDLE,
                        "POST",
                        "/sdk/v1/manifest",
                        body))
                .hasMessageContaining("does not match");
        // The bundle id is part of what is signed.
        assertThatThrownBy(() -> signatures.verify(
                        "ha-1",
                        "secret-new",
                        null,
                        ts,
                        "nonce-0013",
                        sig("secret-new", "nonce-0013", body),
                        "com.example.other",
                        "POST",
                        "/sdk/v1/manifest",
                        body))
                .hasMessageContaining("does not match");
    }

    @Test
    void aNonceIsLettersDigitsDashAndUnderscoreEightToSixtyFour() {
        assertThat(HostSignatures.isNonce("abcDEF09-_")).isTrue();
        assertThat(HostSignatures.isNonce("a".repeat(64))).isTrue();
        assertThat(HostSignatures.isNonce("a".repeat(65))).isFalse();
        assertThat(HostSignatures.isNonce("abcdefg")).isFalse();
        assertThat(HostSignatures.isNonce("abcdefgé")).isFalse();
        assertThat(HostSignatures.isNonce("abcd efg")).isFalse();
    }
}

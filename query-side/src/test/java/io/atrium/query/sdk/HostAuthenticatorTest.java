package io.atrium.query.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The SDK's host check: secret generations with their grace period (on a clock the test moves) and bundle ids. */
class HostAuthenticatorTest {

    private static final String HOST = "ha-1";
    private static final String BUNDLE = "com.example.shell";
    private static final String PATH = "/sdk/v1/manifest";
    private static final Instant ROTATED = Instant.parse("2026-12-01T09:00:00Z");

    /** A clock the test sets; the signature window and the grace period both read it. */
    private static final class MovableClock extends Clock {
        private final AtomicLong millis = new AtomicLong();

        MovableClock(Instant at) {
            set(at);
        }

        void set(Instant at) {
            millis.set(at.toEpochMilli());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    private final MovableClock clock = new MovableClock(ROTATED);
    private final Map<String, ManifestSnapshot.Host> hosts = new HashMap<>();
    private final SdkKeys keys = new SdkKeys() {
        @Override
        public String hostSecret(String hostAppId, int generation) {
            return "secret-" + hostAppId + "-" + generation;
        }

        @Override
        public String wrapForHost(
                String platformWrappedKey, String miniProgramId, String version, String hostAppId, String hostSecret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String platformKeyId() {
            return "k";
        }

        @Override
        public String platformPublicKey() {
            return "k";
        }
    };
    private final HostAuthenticator authenticator =
            new HostAuthenticator(hosts::get, new HostSignatures(clock), keys, clock, TenantStatus.ALL_ACTIVE);
    private final byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    private int nonces;

    private void host(int generation, @Nullable Instant previousValidUntil) {
        hosts.put(
                HOST,
                new ManifestSnapshot.Host(
                        HOST, "default", generation, previousValidUntil, List.of(BUNDLE), List.of(), Map.of(), 1));
    }

    /** A request signed now with the given generation's secret, naming {@code bundleId} (null: no header). */
    private ManifestSnapshot.Host signedWith(int generation, @Nullable String bundleId) {
        String ts = Long.toString(clock.instant().getEpochSecond());
        String nonce = "nonce-" + (++nonces) + "-abcdef";
        String signature = HexFormat.of()
                .formatHex(HostSignatures.sign(
                        keys.hostSecret(HOST, generation),
                        ts,
                        nonce,
                        "POST",
                        PATH,
                        bundleId == null ? "" : bundleId,
                        body));
        Map<String, String> headers = new HashMap<>(Map.of(
                "X-Atrium-App",
                HOST,
                "X-Atrium-Timestamp",
                ts,
                "X-Atrium-Nonce",
                nonce,
                "X-Atrium-Signature",
                signature));
        if (bundleId != null) {
            headers.put("X-Atrium-Bundle-Id", bundleId);
        }
        return authenticator.authenticate(headers::get, "POST", PATH, body);
    }

    @Test
    void thePreviousSecretWorksUntilTheGraceEndsThenIsRefused() {
        host(2, ROTATED.plus(Duration.ofHours(24)));

        assertThat(signedWith(2, BUNDLE).secretGeneration()).isEqualTo(2);
        // Signed with the previous secret: answered as the generation the host holds (its data keys are wrapped for
        // it).
        assertThat(signedWith(1, BUNDLE).secretGeneration()).isEqualTo(1);

        clock.set(ROTATED.plus(Duration.ofHours(24)).minusSeconds(1));
        assertThat(signedWith(1, BUNDLE).secretGeneration()).isEqualTo(1);

        clock.set(ROTATED.plus(Duration.ofHours(24)));
        assertThatThrownBy(() -> signedWith(1, BUNDLE))
                .isInstanceOfSatisfying(
                        HostSignatures.Refused.class,
                        e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("does not match");
        assertThat(signedWith(2, BUNDLE).secretGeneration()).isEqualTo(2);
    }

    @Test
    void withoutGraceOnlyTheCurrentSecretWorksAndOlderGenerationsNever() {
        host(2, null);
        assertThatThrownBy(() -> signedWith(1, BUNDLE)).hasMessageContaining("does not match");
        assertThat(signedWith(2, BUNDLE).secretGeneration()).isEqualTo(2);

        // Rotated again during a grace: only the generation just replaced is still accepted.
        host(3, ROTATED.plus(Duration.ofHours(1)));
        assertThat(signedWith(2, BUNDLE).secretGeneration()).isEqualTo(2);
        assertThatThrownBy(() -> signedWith(1, BUNDLE)).hasMessageContaining("does not match");
    }

    @Test
    void aBundleIdTheHostDidNotRegisterIsForbiddenAndAMissingOneUnauthenticated() {
        host(1, null);
        assertThat(signedWith(1, BUNDLE).id()).isEqualTo(HOST);
        assertThatThrownBy(() -> signedWith(1, "com.example.other"))
                .isInstanceOfSatisfying(HostSignatures.Refused.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.slug()).isEqualTo("bundle-id-not-registered");
                });
        assertThatThrownBy(() -> signedWith(1, null)).isInstanceOfSatisfying(HostSignatures.Refused.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.slug()).isEqualTo("bundle-id-missing");
        });
    }
}

package io.atrium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.query.sdk.HostSignatures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestLoadTest {

    @Test
    void signsAsTheServerChecks() {
        byte[] body = ManifestLoad.body("ha-1", "mp-1", "u-1", "android");
        ManifestLoad.Signer signer = new ManifestLoad.Signer(List.of("other-secret", "the-secret"));
        // Twice with the same instance: a reused Mac must start from its keyed state each time.
        for (int i = 0; i < 2; i++) {
            byte[] expected = HostSignatures.sign(
                    "the-secret", "1700000000", "nonce-" + i, "POST", "/sdk/v1/manifest", ManifestLoad.BUNDLE, body);
            assertThat(signer.sign(1, "1700000000", "nonce-" + i, body)).isEqualTo(expected);
        }
    }

    @Test
    void readsContentLengthWhateverItsCase() {
        byte[] nginx =
                "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 1234\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] netty = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length:77\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] none = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(ManifestLoad.contentLength(
                        nginx, ManifestLoad.indexOf(nginx, 0, nginx.length, "\r\n\r\n".getBytes())))
                .isEqualTo(1234);
        assertThat(ManifestLoad.contentLength(
                        netty, ManifestLoad.indexOf(netty, 0, netty.length, "\r\n\r\n".getBytes())))
                .isEqualTo(77);
        assertThat(ManifestLoad.contentLength(none, ManifestLoad.indexOf(none, 0, none.length, "\r\n\r\n".getBytes())))
                .isEqualTo(-1);
    }

    @Test
    void acceptsOnlyAnAnswerNamingTheProgramAndVersionAsked() {
        byte[] answer = "{\"miniProgramId\":\"mp-1\",\"version\":\"1.1.0\",\"grayReleaseId\":\"g\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(ManifestLoad.answers(answer, "mp-1", "1.1.0")).isTrue();
        assertThat(ManifestLoad.answers(answer, "mp-1", "1.0.0")).isFalse();
        assertThat(ManifestLoad.answers(answer, "mp-12", "1.1.0")).isFalse();
    }
}

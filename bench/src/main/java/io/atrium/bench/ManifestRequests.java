package io.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.query.sdk.HostSignatures;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sets up a released mini-program (with a 10 % gray release) and a host app that runs it, then writes
 * {@code --count} manifest requests, each signed with its own nonce, for wrk to replay: one line per
 * request, {@code nonce TAB signature TAB body}. Also writes one real manifest answer, for nginx to
 * serve as the equivalent static body, and prints the host app id and the signing timestamp.
 */
final class ManifestRequests {

    private ManifestRequests() {
    }

    static void run(Options options) throws Exception {
        Http http = new Http(options.require("url"));
        String owner = options.require("key");
        int count = options.integer("count", 300_000);
        Path out = Path.of(options.require("out"));
        Path sample = Path.of(options.require("sample"));

        String dev = http.key(owner, "developer");
        String reviewer = http.key(owner, "reviewer");
        String ops = http.key(owner, "operator");
        String mp = http.accepted("POST", "/api/v1/mini-programs", dev, Map.of("name", "Manifest bench")).get("id").asText();
        for (String v : List.of("1.0.0", "1.1.0")) {
            http.upload(mp, dev, v);
            http.accepted("POST", "/api/v1/mini-programs/" + mp + "/versions/" + v + "/submit", dev, null);
            http.accepted("POST", "/api/v1/mini-programs/" + mp + "/versions/" + v + "/approve", reviewer, null);
        }
        http.accepted("POST", "/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", "1.0.0"));
        http.accepted("POST", "/api/v1/mini-programs/" + mp + "/gray-release", ops, Map.of("version", "1.1.0", "groups",
                List.of(Map.of("rules", List.of(Map.of("attribute", "userId", "operator", "percentage", "value", 10))))));
        JsonNode host = http.accepted("POST", "/api/v1/host-apps", ops, Map.of("name", "Bench host"));
        String app = host.get("id").asText();
        String secret = host.get("secret").asText();
        http.accepted("PUT", "/api/v1/host-apps/" + app + "/domains", ops, Map.of("domains", List.of("api.example.com")));
        http.accepted("PUT", "/api/v1/host-apps/" + app + "/mini-programs/" + mp, ops, null);
        http.accepted("PUT", "/api/v1/host-apps/" + app + "/grants/" + mp, ops, Map.of("scopes", List.of("scope.userInfo")));

        // Signed 4 minutes ahead: the server accepts 5 minutes either way, so the requests stay fresh
        // for 9 minutes, through signing millions of them, loading them into wrk, and the run.
        String timestamp = Long.toString(Instant.now().getEpochSecond() + 240);
        byte[] firstBody = body(app, mp, 0);
        long deadline = System.currentTimeMillis() + 30_000;
        HttpResponse<String> probe;
        do {
            Thread.sleep(100);
            String nonce = UUID.randomUUID().toString().replace("-", "");
            probe = http.client.send(HttpRequest.newBuilder(URI.create(http.base + "/sdk/v1/manifest"))
                    .header("X-Atrium-App", app).header("X-Atrium-Timestamp", timestamp).header("X-Atrium-Nonce", nonce)
                    .header("X-Atrium-Signature", sign(secret, timestamp, nonce, firstBody)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(firstBody)).build(), HttpResponse.BodyHandlers.ofString());
        } while (probe.statusCode() != 200 && System.currentTimeMillis() < deadline);
        if (probe.statusCode() != 200) {
            throw new IllegalStateException("the manifest never answered 200: " + probe.statusCode() + " " + probe.body());
        }
        Files.writeString(sample, probe.body());
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                byte[] body = body(app, mp, i);
                String nonce = Long.toString(i, 36) + "x" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                writer.write(nonce);
                writer.write('\t');
                writer.write(sign(secret, timestamp, nonce, body));
                writer.write('\t');
                writer.write(new String(body, StandardCharsets.UTF_8));
                writer.write('\n');
            }
        }
        System.out.println("app=" + app + " timestamp=" + timestamp + " requests=" + count + " answerBytes=" + probe.body().length());
    }

    private static byte[] body(String app, String mp, int i) throws Exception {
        return Http.JSON.writeValueAsBytes(Map.of("hostAppId", app, "miniProgramId", mp,
                "user", Map.of("userId", "user-" + i, "deviceType", i % 2 == 0 ? "ios" : "android", "osVersion", "17." + (i % 5))));
    }

    private static String sign(String secret, String timestamp, String nonce, byte[] body) {
        return HexFormat.of().formatHex(HostSignatures.sign(secret, timestamp, nonce, "POST", "/sdk/v1/manifest", body));
    }
}

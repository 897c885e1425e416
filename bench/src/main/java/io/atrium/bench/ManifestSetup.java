package io.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sets the manifest benchmark up: {@code programs} mini-programs, each with 1.0.0 released and 1.1.0
 * in a gray release for Android users (a rule the load driver can predict, so it knows which version
 * each answer must name), and {@code hosts} host apps, each running every one of them. Writes
 * {@code setup.tsv} (the programs, the hosts and their secrets) and, under {@code www/m/}, the real
 * answer for every host, program and device type, which nginx then serves as the baseline.
 */
final class ManifestSetup {

    static final String GRAY_DEVICE = "android";
    static final String RELEASED = "1.0.0";
    static final String GRAY = "1.1.0";

    private ManifestSetup() {}

    static void run(String url, String owner, int hostCount, int programCount, Path out) throws Exception {
        Http http = new Http(url);
        String dev = http.key(owner, "developer");
        String reviewer = http.key(owner, "reviewer");
        String ops = http.key(owner, "operator");
        long start = System.nanoTime();
        List<String> programs = new ArrayList<>();
        for (int p = 0; p < programCount; p++) {
            String mp = http.accepted("POST", "/api/v1/mini-programs", dev, Map.of("name", "Manifest bench " + p))
                    .get("id")
                    .asText();
            for (String v : List.of(RELEASED, GRAY)) {
                http.upload(mp, dev, v);
                http.accepted("POST", "/api/v1/mini-programs/" + mp + "/versions/" + v + "/submit", dev, null);
                http.accepted("POST", "/api/v1/mini-programs/" + mp + "/versions/" + v + "/approve", reviewer, null);
            }
            http.accepted("POST", "/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", RELEASED));
            http.accepted(
                    "POST",
                    "/api/v1/mini-programs/" + mp + "/gray-release",
                    ops,
                    Map.of(
                            "version",
                            GRAY,
                            "groups",
                            List.of(Map.of(
                                    "rules",
                                    List.of(Map.of(
                                            "attribute", "deviceType", "operator", "eq", "value", GRAY_DEVICE))))));
            programs.add(mp);
        }
        List<String[]> hosts = new ArrayList<>();
        for (int h = 0; h < hostCount; h++) {
            JsonNode host = http.accepted(
                    "POST",
                    "/api/v1/host-apps",
                    ops,
                    Map.of("name", "Bench host " + h, "bundleIds", List.of(ManifestLoad.BUNDLE)));
            String app = host.get("id").asText();
            http.accepted(
                    "PUT",
                    "/api/v1/host-apps/" + app + "/domains",
                    ops,
                    Map.of("domains", List.of("api" + h + ".example.com")));
            for (String mp : programs) {
                http.accepted("PUT", "/api/v1/host-apps/" + app + "/mini-programs/" + mp, ops, null);
                http.accepted(
                        "PUT",
                        "/api/v1/host-apps/" + app + "/grants/" + mp,
                        ops,
                        Map.of("scopes", List.of("scope.userInfo")));
            }
            hosts.add(new String[] {app, host.get("secret").asText()});
        }
        System.out.printf(
                "manifest setup: %d mini-programs, %d host apps, %d associations in %.1f s%n",
                programs.size(), hosts.size(), programs.size() * hosts.size(), (System.nanoTime() - start) / 1e9);

        // Every answer, as the server gives it once its snapshot holds everything: the files nginx serves.
        Path www = Files.createDirectories(out.resolve("www"));
        long deadline = System.currentTimeMillis() + 60_000;
        long bytes = 0;
        int answers = 0;
        for (String[] host : hosts) {
            Path dir = Files.createDirectories(www.resolve("m").resolve(host[0]));
            for (String mp : programs) {
                for (String device : List.of(GRAY_DEVICE, "ios")) {
                    String expected = device.equals(GRAY_DEVICE) ? GRAY : RELEASED;
                    HttpResponse<byte[]> answer = manifest(http, host[0], host[1], mp, device);
                    while (!ManifestLoad.answers(answer.body(), mp, expected)
                            && System.currentTimeMillis() < deadline) {
                        Thread.sleep(100);
                        answer = manifest(http, host[0], host[1], mp, device);
                    }
                    if (answer.statusCode() != 200 || !ManifestLoad.answers(answer.body(), mp, expected)) {
                        throw new IllegalStateException("the manifest of " + mp + " for " + host[0] + " (" + device
                                + ") never answered " + expected + ": " + answer.statusCode() + " "
                                + new String(answer.body(), StandardCharsets.UTF_8));
                    }
                    Files.write(dir.resolve(mp + "-" + device + ".json"), answer.body());
                    bytes += answer.body().length;
                    answers++;
                }
            }
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out.resolve("setup.tsv"), StandardCharsets.UTF_8)) {
            for (String mp : programs) {
                writer.write("program\t" + mp + "\n");
            }
            for (String[] host : hosts) {
                writer.write("host\t" + host[0] + "\t" + host[1] + "\n");
            }
        }
        System.out.printf(
                "manifest setup: %d distinct answers stored for nginx, %.0f bytes each on average%n",
                answers, bytes / (double) answers);
    }

    private static HttpResponse<byte[]> manifest(Http http, String app, String secret, String mp, String device)
            throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String nonce = "setup" + UUID.randomUUID().toString().replace("-", "");
        byte[] body = ManifestLoad.body(app, mp, "setup-user", device);
        return http.client.send(
                HttpRequest.newBuilder(URI.create(http.base + ManifestLoad.PATH))
                        .header("X-Atrium-App", app)
                        .header("X-Atrium-Bundle-Id", ManifestLoad.BUNDLE)
                        .header("X-Atrium-Timestamp", timestamp)
                        .header("X-Atrium-Nonce", nonce)
                        .header(
                                "X-Atrium-Signature",
                                ManifestLoad.Signer.hex(ManifestLoad.Signer.sign(secret, timestamp, nonce, body)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}

package io.atrium.sdk.loader;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.LaunchException;
import io.atrium.sdk.packaging.PlatformKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The runtime's client of the platform's SDK endpoints, over OkHttp: signed manifest requests, the
 * platform's public key, and sealed-package downloads into a {@link PackageCache}.
 */
public final class PlatformClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
    private static final int MAX_ANSWER = 1 << 20;
    private static final int DOWNLOAD_ATTEMPTS = 3;

    private final HttpUrl base;
    private final HostSigner signer;
    private final OkHttpClient http;

    public PlatformClient(HttpUrl base, HostSigner signer, OkHttpClient http) {
        this.base = base;
        this.signer = signer;
        this.http = http;
    }

    /** Asks which version of {@code miniProgramId} this user gets. */
    public ManifestAnswer manifest(String hostAppId, String miniProgramId, Map<String, Object> user) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("hostAppId", hostAppId, "miniProgramId", miniProgramId, "user", user));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String path = "/sdk/v1/manifest";
        Request.Builder request = new Request.Builder().url(url(path)).post(RequestBody.create(body, APPLICATION_JSON));
        signer.headers("POST", path, body).forEach(request::header);
        JsonNode answer = json(request.build(), "the manifest of " + miniProgramId);
        try {
            return new ManifestAnswer(
                    text(answer, "miniProgramId"),
                    text(answer, "version"),
                    answer.path("grayReleaseId").isTextual()
                            ? answer.get("grayReleaseId").asText()
                            : null,
                    text(answer.path("package"), "url"),
                    text(answer.path("package"), "digest"),
                    answer.path("package").path("size").asLong(-1),
                    text(answer, "signingKeyId"),
                    text(answer, "dataKey"),
                    JSON.convertValue(answer.path("policy"), new TypeReference<Map<String, Object>>() {}));
        } catch (IllegalArgumentException e) {
            throw new LaunchException(
                    LaunchException.Reason.UNREACHABLE,
                    "the platform's manifest answer is incomplete: " + e.getMessage());
        }
    }

    /** The platform's verifying key, as the platform states it (unsigned: it is public). */
    public PlatformKey platformKey() {
        JsonNode answer = json(
                new Request.Builder().url(url("/sdk/v1/platform-key")).get().build(), "the platform key");
        try {
            PlatformKey key = PlatformKey.publicOnly(Base64.getDecoder().decode(text(answer, "publicKey")));
            if (!key.keyId().equals(text(answer, "keyId"))) {
                throw new LaunchException(
                        LaunchException.Reason.BAD_SIGNATURE, "the platform key's id does not match the key");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new LaunchException(
                    LaunchException.Reason.BAD_SIGNATURE, "the platform key is malformed: " + e.getMessage());
        }
    }

    /**
     * The sealed package, from the cache or downloaded into it. A broken download resumes where it
     * stopped (HTTP Range); the result always matches the answer's digest.
     */
    public byte[] sealedPackage(ManifestAnswer answer, PackageCache cache) {
        return cache.get(answer.digest(), answer.size(), part -> download(answer, part));
    }

    private void download(ManifestAnswer answer, Path part) {
        String what = "the package " + answer.miniProgramId() + "@" + answer.version();
        IOException last = null;
        for (int attempt = 0; attempt < DOWNLOAD_ATTEMPTS; attempt++) {
            try {
                long offset = Files.exists(part) ? Files.size(part) : 0;
                if (offset > answer.size()) {
                    Files.delete(part);
                    offset = 0;
                }
                if (offset == answer.size()) {
                    return;
                }
                Request.Builder request =
                        new Request.Builder().url(url(answer.packagePath())).get();
                signer.headers("GET", answer.packagePath(), new byte[0]).forEach(request::header);
                if (offset > 0) {
                    request.header("Range", "bytes=" + offset + "-");
                }
                try (Response response = http.newCall(request.build()).execute()) {
                    if (response.code() != 200 && response.code() != 206) {
                        throw refused(response, what);
                    }
                    boolean resume = response.code() == 206 && offset > 0;
                    long written = resume ? offset : 0;
                    try (InputStream in = response.body().byteStream();
                            OutputStream out = Files.newOutputStream(
                                    part,
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE,
                                    resume ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                        byte[] buffer = new byte[64 * 1024];
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            written += n;
                            if (written > answer.size()) {
                                throw new LaunchException(
                                        LaunchException.Reason.TAMPERED,
                                        what + " is larger than the manifest says (" + answer.size() + " bytes)");
                            }
                            out.write(buffer, 0, n);
                        }
                    }
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        // Every attempt either returned, threw, or kept its IOException: after at least one attempt, there is one.
        IOException failure = Objects.requireNonNull(last, "no download attempt was made");
        throw new LaunchException(
                LaunchException.Reason.UNREACHABLE,
                what + " did not download after " + DOWNLOAD_ATTEMPTS + " attempts: " + failure.getMessage(),
                failure);
    }

    private HttpUrl url(String path) {
        HttpUrl url = base.resolve(path);
        if (url == null) {
            throw new LaunchException(LaunchException.Reason.UNREACHABLE, "not a platform path: " + path);
        }
        return url;
    }

    private JsonNode json(Request request, String what) {
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw refused(response, what);
            }
            ResponseBody body = response.body();
            if (body == null || body.contentLength() > MAX_ANSWER) {
                throw new LaunchException(
                        LaunchException.Reason.UNREACHABLE, what + ": the platform's answer is empty or too large");
            }
            try (InputStream in = body.byteStream()) {
                byte[] bytes = in.readNBytes(MAX_ANSWER + 1);
                if (bytes.length > MAX_ANSWER) {
                    throw new LaunchException(
                            LaunchException.Reason.UNREACHABLE, what + ": the platform's answer is too large");
                }
                return JSON.readTree(bytes);
            }
        } catch (IOException e) {
            throw new LaunchException(
                    LaunchException.Reason.UNREACHABLE,
                    what + ": cannot reach the platform at " + base + " (" + e.getMessage() + ")",
                    e);
        }
    }

    /** A refusal, with the problem's detail when the platform sent one. */
    private static LaunchException refused(Response response, String what) {
        String detail = response.message();
        try {
            ResponseBody body = response.body();
            if (body != null) {
                JsonNode problem =
                        JSON.readTree(new String(body.byteStream().readNBytes(16 * 1024), StandardCharsets.UTF_8));
                if (problem != null && problem.hasNonNull("detail")) {
                    detail = problem.get("detail").asText();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the status alone says enough
        }
        return new LaunchException(
                LaunchException.Reason.REFUSED, what + " was refused (" + response.code() + "): " + detail);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.asText();
    }
}

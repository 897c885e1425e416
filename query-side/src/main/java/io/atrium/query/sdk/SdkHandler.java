package io.atrium.query.sdk;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.atrium.events.gray.UserAttributes;
import io.atrium.query.problem.QueryProblems;
import io.atrium.query.readmodel.Json;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /sdk/v1/manifest} and {@code GET /sdk/v1/packages/{mpId}/{version}}, as plain functional
 * handlers: the manifest is the platform's hottest path, so it reads only the in-memory snapshot,
 * and the work per request is one HMAC, a compiled-rules check and one small JSON answer.
 */
public final class SdkHandler {

    static final int MAX_BODY = 16 * 1024;

    private final ManifestSnapshot snapshot;
    private final HostAuthenticator hosts;
    private final SignatureRefusals refusals;
    private final SdkKeys keys;
    private final SealedPackages packages;
    private final Cache<AnswerKey, byte[]> answers =
            Caffeine.newBuilder().maximumSize(100_000).build();

    /** What an answer depends on; the snapshot positions make a changed host or program a new key. */
    private record AnswerKey(
            String hostId,
            long hostPosition,
            int secretGeneration,
            String programId,
            long programPosition,
            String version,
            boolean gray) {}

    public SdkHandler(
            ManifestSnapshot snapshot,
            HostAuthenticator hosts,
            SignatureRefusals refusals,
            SdkKeys keys,
            SealedPackages packages) {
        this.snapshot = snapshot;
        this.hosts = hosts;
        this.refusals = refusals;
        this.keys = keys;
        this.packages = packages;
    }

    /** What a host sends: which mini-program, and the user attributes gray rules read. */
    record ManifestRequest(
            String hostAppId,
            String miniProgramId,
            @Nullable UserAttributes user) {}

    /**
     * An answer to an SDK request, whichever HTTP front received it.
     *
     * @param challenge whether to send {@code WWW-Authenticate} (a 401)
     */
    public record Reply(int status, String contentType, byte[] body, boolean challenge) {}

    /** The WebFlux route: the security chain has authenticated the host and read the body it signed. */
    public Mono<ServerResponse> manifest(ServerRequest request) {
        ManifestSnapshot.Host host = authenticated(request);
        byte[] bytes = (byte[]) request.attribute(HostAuthenticator.BODY).orElse(new byte[0]);
        Reply reply;
        try {
            reply = host == null
                    ? refusals.refuse(request.path(), new HostSignatures.Refused(NOT_AUTHENTICATED))
                    : answer(host, request.path(), bytes);
        } catch (SdkProblem e) {
            reply = reply(request.path(), e);
        }
        return respond(reply);
    }

    private static final String NOT_AUTHENTICATED = "sign the request with X-Atrium-App and its secret";

    private static ManifestSnapshot.@Nullable Host authenticated(ServerRequest request) {
        return (ManifestSnapshot.Host) request.attribute(HostAuthenticator.HOST).orElse(null);
    }

    private static Mono<ServerResponse> respond(Reply reply) {
        ServerResponse.BodyBuilder response =
                ServerResponse.status(reply.status()).contentType(MediaType.parseMediaType(reply.contentType()));
        if (reply.challenge()) {
            response.header("WWW-Authenticate", CHALLENGE);
        }
        return response.bodyValue(reply.body());
    }

    /** {@code POST /sdk/v1/manifest}: the body has been read (at most {@link #MAX_BODY} bytes); headers are looked up by name. */
    public Reply manifest(
            java.util.function.Function<String, String> headers, String method, String path, byte[] bytes) {
        ManifestSnapshot.Host host;
        try {
            host = hosts.authenticate(headers, method, path, bytes);
        } catch (HostSignatures.Refused e) {
            return refusals.refuse(path, e);
        }
        try {
            return answer(host, path, bytes);
        } catch (SdkProblem e) {
            return reply(path, e);
        }
    }

    /** The manifest for an authenticated host. */
    private Reply answer(ManifestSnapshot.Host host, String path, byte[] bytes) {
        {
            ManifestRequest ask = parse(bytes, host.id());
            ManifestSnapshot.Program program = snapshot.program(ask.miniProgramId());
            ManifestSnapshot.Grant grant = program == null || !program.tenant().equals(host.tenant())
                    ? null
                    : host.grants().get(program.id());
            if (program == null || grant == null) {
                throw new SdkProblem(
                        HttpStatus.FORBIDDEN, "not-associated", "this host app may not run " + ask.miniProgramId());
            }
            if (program.delisted()) {
                throw new SdkProblem(HttpStatus.FORBIDDEN, "delisted", ask.miniProgramId() + " is delisted");
            }
            boolean gray = program.grayRules() != null
                    && ask.user() != null
                    && program.grayRules().test(ask.user());
            String version = gray ? program.grayVersion() : program.currentVersion();
            ManifestSnapshot.SealedVersion sealed =
                    version == null ? null : program.sealed().get(version);
            if (version == null || sealed == null) {
                throw new SdkProblem(
                        HttpStatus.NOT_FOUND, "no-release", ask.miniProgramId() + " has no release for this user");
            }
            // The answer depends on the host (and the secret generation it signed with: the data key is wrapped for
            // it), the mini-program, the version and whether it is the gray one, not on the user: serialize it once
            // per state of the snapshot (its positions are in the key).
            AnswerKey cacheKey = new AnswerKey(
                    host.id(),
                    host.position(),
                    host.secretGeneration(),
                    program.id(),
                    program.position(),
                    version,
                    gray);
            byte[] answer = answers.get(cacheKey, k -> answer(host, program, grant, version, gray, sealed));
            return new Reply(200, MediaType.APPLICATION_JSON_VALUE, answer, false);
        }
    }

    /** The {@code WWW-Authenticate} scheme of a refused SDK request. */
    public static final String CHALLENGE = "AtriumHostSignature";

    /** Problems written as Spring writes a {@link ProblemDetail} (its properties as top-level members). */
    private static final ObjectMapper PROBLEMS =
            Json.MAPPER.copy().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

    /** A refusal as an RFC 9457 problem, the same shape the rest of the API answers. */
    static Reply reply(String path, SdkProblem e) {
        ProblemDetail problem = QueryProblems.of(
                e.status, e.slug, e.getMessage(), null, e.field == null ? Map.of() : Map.of("field", e.field));
        problem.setInstance(URI.create(path));
        try {
            return new Reply(
                    e.status.value(),
                    MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    PROBLEMS.writeValueAsBytes(problem),
                    e.status == HttpStatus.UNAUTHORIZED);
        } catch (IOException io) {
            throw new IllegalStateException("cannot write a problem", io);
        }
    }

    /** The answer for a body over {@link #MAX_BODY}. */
    static SdkProblem tooLarge() {
        return new SdkProblem(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "an SDK request body is at most " + MAX_BODY + " bytes");
    }

    private byte[] answer(
            ManifestSnapshot.Host host,
            ManifestSnapshot.Program program,
            ManifestSnapshot.Grant grant,
            String version,
            boolean gray,
            ManifestSnapshot.SealedVersion sealed) {
        ManifestAnswer answer = new ManifestAnswer(
                program.id(),
                version,
                gray ? program.grayReleaseId() : null,
                new ManifestAnswer.SealedPackageRef(
                        "/sdk/v1/packages/" + program.id() + "/" + version, sealed.digest(), sealed.size()),
                sealed.manifestSha256(),
                sealed.signature(),
                sealed.signingKeyId(),
                sealed.files(),
                keys.wrapForHost(sealed.wrappedDataKey(), program.id(), version, host.id(), hosts.secret(host)),
                new ManifestAnswer.Policy(
                        grant.apiGroups(), grant.apis(), grant.menus(), grant.scopes(), host.domains()));
        try {
            return Json.MAPPER.writeValueAsBytes(answer);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the manifest answer", e);
        }
    }

    /** The WebFlux route: the security chain has authenticated the host. */
    public Mono<ServerResponse> sealedPackage(ServerRequest request) {
        ManifestSnapshot.Host host = authenticated(request);
        if (host == null) {
            return respond(refusals.refuse(request.path(), new HostSignatures.Refused(NOT_AUTHENTICATED)));
        }
        return Mono.defer(() -> {
                    String mp = request.pathVariable("mpId");
                    String version = request.pathVariable("version");
                    ManifestSnapshot.Program program = snapshot.program(mp);
                    if (program == null
                            || !program.tenant().equals(host.tenant())
                            || !host.grants().containsKey(mp)) {
                        throw new SdkProblem(HttpStatus.FORBIDDEN, "not-associated", "this host app may not run " + mp);
                    }
                    ManifestSnapshot.SealedVersion sealed = program.sealed().get(version);
                    Optional<java.nio.file.Path> file =
                            sealed == null ? Optional.empty() : packages.locate(sealed.digest());
                    if (sealed == null || file.isEmpty()) {
                        throw new SdkProblem(
                                HttpStatus.NOT_FOUND, "not-found", "no sealed package " + mp + "@" + version);
                    }
                    // A Resource body gets Range support (206, Content-Range) from WebFlux's resource writer.
                    return ServerResponse.ok()
                            .eTag("\"" + sealed.digest() + "\"")
                            .contentType(MediaType.parseMediaType("application/vnd.atrium.sealed+zip"))
                            .body(BodyInserters.fromResource(new FileSystemResource(file.get())));
                })
                .onErrorResume(SdkProblem.class, e -> problem(request, e));
    }

    /** The platform's verifying key, for a host to pin (unsigned: it is public). */
    public Mono<ServerResponse> platformKey(ServerRequest request) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new PlatformKey(keys.platformKeyId(), "Ed25519", keys.platformPublicKey()));
    }

    /**
     * The platform's verifying key.
     *
     * @param publicKey base64 of the X.509 encoding
     */
    public record PlatformKey(String keyId, String algorithm, String publicKey) {}

    /**
     * The request body, read as a stream of tokens rather than as a tree: the manifest reads a few
     * strings, and building the tree cost a third as much as checking the signature. Unknown members
     * are skipped; a member that is not a string reads as its text, as {@code JsonNode.asText()} did.
     */
    static ManifestRequest parse(byte[] body, String hostAppId) {
        String host = "";
        String mp = "";
        UserAttributes attributes = null;
        try (JsonParser json = Json.MAPPER.getFactory().createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new SdkProblem(HttpStatus.BAD_REQUEST, "invalid-input", "the body must be a JSON object", "body");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "hostAppId" -> host = Objects.requireNonNullElse(scalar(json, value, ""), "");
                    case "miniProgramId" -> mp = Objects.requireNonNullElse(scalar(json, value, ""), "");
                    case "user" -> {
                        if (value == JsonToken.START_OBJECT) {
                            attributes = user(json);
                        } else {
                            json.skipChildren();
                        }
                    }
                    default -> json.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new SdkProblem(HttpStatus.BAD_REQUEST, "invalid-input", "the body is not JSON", "body");
        }
        if (!hostAppId.equals(host)) {
            throw new SdkProblem(
                    HttpStatus.BAD_REQUEST, "invalid-input", "hostAppId must be the signing host app", "hostAppId");
        }
        if (mp.isEmpty()) {
            throw new SdkProblem(HttpStatus.BAD_REQUEST, "invalid-input", "miniProgramId is required", "miniProgramId");
        }
        return new ManifestRequest(hostAppId, mp, attributes);
    }

    private static UserAttributes user(JsonParser json) throws IOException {
        Map<String, String> fields = new HashMap<>();
        Map<String, String> tags = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if (name.equals("tags")) {
                if (value == JsonToken.START_OBJECT) {
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String tag = json.currentName();
                        tags.put(tag, scalar(json, json.nextToken(), "null"));
                    }
                } else {
                    json.skipChildren();
                }
            } else {
                String text = scalar(json, value, null);
                if (text != null) {
                    fields.put(name, text);
                }
            }
        }
        return new UserAttributes(
                fields.get("userId"),
                fields.get("deviceType"),
                fields.get("osVersion"),
                fields.get("network"),
                fields.get("hostAppVersion"),
                fields.get("region"),
                tags);
    }

    /** A member's text: a scalar's text, {@code ifNull} for null, "" for an object or array (skipped), as {@code asText()} gave. */
    private static @Nullable String scalar(JsonParser json, JsonToken value, @Nullable String ifNull)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return ifNull;
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            json.skipChildren();
            return "";
        }
        return json.getText();
    }

    private static Mono<ServerResponse> problem(ServerRequest request, SdkProblem e) {
        return respond(reply(request.path(), e));
    }

    /** A refusal of an SDK request. */
    static final class SdkProblem extends RuntimeException {
        final HttpStatus status;
        final String slug;
        final @Nullable String field;

        SdkProblem(HttpStatus status, String slug, String message) {
            this(status, slug, message, null);
        }

        SdkProblem(HttpStatus status, String slug, String message, @Nullable String field) {
            super(message);
            this.status = status;
            this.slug = slug;
            this.field = field;
        }
    }

    /** The routes. */
    public org.springframework.web.reactive.function.server.RouterFunction<ServerResponse> routes() {
        return org.springframework.web.reactive.function.server.RouterFunctions.route()
                .POST("/sdk/v1/manifest", this::manifest)
                .GET("/sdk/v1/packages/{mpId}/{version}", this::sealedPackage)
                .GET("/sdk/v1/platform-key", this::platformKey)
                .build();
    }
}

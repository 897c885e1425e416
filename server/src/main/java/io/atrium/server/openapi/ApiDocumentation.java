package io.atrium.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.events.access.Caller;
import io.atrium.query.audit.AuditEntryDto;
import io.atrium.query.catalogue.MiniProgramDto;
import io.atrium.query.hostapp.HostAppDto;
import io.atrium.query.sdk.SdkHandler;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.ServerWebExchange;

/**
 * Completes the generated document so that it describes every answer an endpoint can give: the
 * problems (with their {@code type}s), the headers (Idempotency-Key, ETag, the SDK's signature), the
 * query parameters and an example for every body. The SDK's routes are functional, so they are
 * described here. {@code OpenApiCompletenessHttpTest} fails when something is left undescribed.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

    static {
        // The authenticated caller and the exchange are handler parameters, not parts of the request.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class, ServerWebExchange.class);
    }

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What a signed SDK request's refusals mean: the signature, or the bundle id it names. */
    private static final Map<String, String[]> SDK_PROBLEMS = Map.of(
            "401",
            new String[] {
                "unauthenticated",
                "No valid host signature (type unauthenticated), or no `X-Atrium-Bundle-Id` (type bundle-id-missing:"
                        + " a client of the canonical string without the bundle id)",
                null
            },
            "403",
            new String[] {
                "bundle-id-not-registered",
                "The signed `X-Atrium-Bundle-Id` is not one the host app registered (or, type not-associated /"
                        + " delisted, the host may not run this mini-program)",
                null
            });

    /** What each problem status means here, with an example type. */
    private static final Map<String, String[]> PROBLEMS = Map.ofEntries(
            Map.entry("400", new String[] {
                "invalid-input", "A field, parameter or path id is wrong; `field` names it", "groups[1].rules[0].value"
            }),
            Map.entry("401", new String[] {
                "unauthenticated",
                "No valid `Authorization: Bearer <key>` (or, on /sdk, no valid host signature); `tenant-suspended` or "
                        + "`tenant-deleted` when the key is valid but its tenant is not active",
                null
            }),
            Map.entry("403", new String[] {"forbidden", "The key's roles may not do this", null}),
            Map.entry("404", new String[] {"not-found", "Unknown id (another tenant's ids are unknown too)", null}),
            Map.entry("409", new String[] {
                "rule-violated",
                "A lifecycle rule forbids it (`rule` names it), or `concurrent-modification`: "
                        + "another change won a race, nothing was recorded, retry",
                null
            }),
            Map.entry("413", new String[] {"payload-too-large", "The body or upload is over the limit", null}),
            Map.entry(
                    "415",
                    new String[] {"unsupported-media-type", "The body is not of a type this endpoint reads", null}),
            Map.entry("422", new String[] {
                "idempotency-key-reused", "The Idempotency-Key came back with a different request", "Idempotency-Key"
            }),
            Map.entry("503", new String[] {
                "busy",
                "Too many commands are waiting (`busy`), the command timed out (`timeout`), the event store "
                        + "could not be reached (`store-unavailable`) or the read model has not reached "
                        + "?minPosition yet (`not-yet-readable`); a refused command recorded nothing; retry after Retry-After",
                null
            }),
            Map.entry("423", new String[] {
                "login-locked",
                "Too many failed logins in a row with this address (member or not): locked for the policy's "
                        + "minutes; Retry-After says how long",
                null
            }),
            Map.entry("500", new String[] {"internal", "The server failed unexpectedly", null}));

    /** What a login route's 401 can be; none tells whether the address has a member. */
    private static final String[] LOGIN_401 = {
        "login-failed",
        "Refused: `login-failed` (wrong address or password, or a disabled member: the same answer), "
                + "`second-factor-required` (send a TOTP or recovery code as `code`), `password-expired` (change it "
                + "with POST /api/v1/auth/password), `invalid-token` (unknown, expired or revoked token), "
                + "`refresh-token-reused` (a spent refresh token: every token of its login is now revoked)",
        null
    };

    /** Examples of the query and path parameters, by name. */
    private static final Map<String, Object> PARAMETERS = Map.ofEntries(
            Map.entry("id", "mp-01jd8q3k5v6w7x8y9z0a1b2c3d"),
            Map.entry("mpId", "mp-01jd8q3k5v6w7x8y9z0a1b2c3d"),
            Map.entry("version", "1.2.0"),
            Map.entry("name", "catalogue"),
            Map.entry("q", "weather"),
            Map.entry("state", "listed"),
            Map.entry("category", "tools"),
            Map.entry("page", 0),
            Map.entry("size", 20),
            Map.entry("minPosition", 42),
            Map.entry("asOf", "2026-11-28T10:15:30Z"),
            Map.entry("actor", "key-01jd8q3k5v6w7x8y9z0a1b2c3d"),
            Map.entry("aggregateId", "mp-01jd8q3k5v6w7x8y9z0a1b2c3d"),
            Map.entry("type", "MiniProgramCreated"),
            Map.entry("from", "2026-11-01T00:00:00Z"),
            Map.entry("to", "2026-12-01T00:00:00Z"),
            Map.entry("after", 100),
            Map.entry("limit", 100),
            Map.entry("format", "ndjson"),
            Map.entry("hostApp", "ha-01jd8q3k5v6w7x8y9z0a1b2c3d"),
            Map.entry("hostAppId", "ha-01jd8q3k5v6w7x8y9z0a1b2c3d"),
            Map.entry("tags", "weather,maps"),
            Map.entry("prefix", "wea"),
            Map.entry("miniProgramId", "mp-01jd8q3k5v6w7x8y9z0a1b2c3d"),
            Map.entry("reason", "the campaign ended"));

    /** Examples of request bodies, by schema. */
    private static final Map<String, String> REQUESTS = Map.ofEntries(
            Map.entry(
                    "CreateRequest",
                    "{\"name\": \"Weather\", \"description\": \"Forecasts\", \"category\": \"tools\", \"tags\": [\"weather\"]}"),
            Map.entry("ReasonRequest", "{\"reason\": \"crashes on launch\"}"),
            Map.entry("VersionRequest", "{\"version\": \"1.2.0\", \"reason\": \"1.3.0 broke sign-in\"}"),
            Map.entry("DelistRequest", "{\"reason\": \"violates the content policy\", \"freezeDeveloper\": false}"),
            Map.entry(
                    "GrayReleaseRequest",
                    "{\"version\": \"1.3.0\", \"groups\": [{\"rules\": [{\"attribute\": \"deviceType\", \"operator\": \"eq\", "
                            + "\"value\": \"ios\"}, {\"attribute\": \"userId\", \"operator\": \"percentage\", \"value\": 10}]}], \"userIds\": [\"beta-user\"]}"),
            Map.entry(
                    "GrayRulesRequest",
                    "{\"groups\": [{\"rules\": [{\"attribute\": \"region\", \"operator\": \"in\", \"value\": [\"eu\", \"us\"]}]}], "
                            + "\"userIds\": []}"),
            Map.entry(
                    "CreateTenantRequest",
                    "{\"id\": \"acme\", \"name\": \"ACME Corporation\", \"ownerKeyName\": \"acme bootstrap\"}"),
            Map.entry("SuspendTenantRequest", "{\"reason\": \"invoice overdue\"}"),
            Map.entry("IssueRequest", "{\"name\": \"ci pipeline\", \"roles\": [\"developer\"]}"),
            Map.entry(
                    "DefineRoleRequest",
                    "{\"name\": \"release-manager\", \"description\": \"Releases and rolls back\", "
                            + "\"permissions\": [\"operate\", \"read\"]}"),
            Map.entry(
                    "ChangeRoleRequest",
                    "{\"description\": \"Releases, rolls back and reviews\", \"permissions\": [\"operate\", \"review\", \"read\"]}"),
            Map.entry("RegisterRequest", "{\"name\": \"Shell\", \"bundleIds\": [\"com.example.shell\"]}"),
            Map.entry("RotateSecretRequest", "{\"graceSeconds\": 86400}"),
            Map.entry("BundleIdsRequest", "{\"bundleIds\": [\"com.example.shell\", \"com.example.shell.beta\"]}"),
            Map.entry("DomainsRequest", "{\"domains\": [\"api.example.com\", \"*.example.com\"]}"),
            Map.entry("CustomApiRequest", "{\"name\": \"getWallet\", \"description\": \"The user's wallet balance\"}"),
            Map.entry("MenuRequest", "{\"name\": \"share\", \"title\": \"Share\"}"),
            Map.entry(
                    "GrantsRequest",
                    "{\"apiGroups\": [\"ui\", \"network\"], \"apis\": [\"getWallet\"], \"menus\": [\"share\"], "
                            + "\"scopes\": [\"scope.userInfo\"]}"),
            Map.entry(
                    "InviteRequest",
                    "{\"email\": \"ada@example.com\", \"displayName\": \"Ada Lovelace\", \"roles\": [\"developer\"]}"),
            Map.entry("UpdateRequest", "{\"displayName\": \"Ada King\", \"roles\": [\"developer\", \"reviewer\"]}"),
            Map.entry(
                    "Policy",
                    "{\"minLength\": 12, \"requiredClasses\": [\"lower\", \"digit\"], \"rejectCommonPasswords\": true, "
                            + "\"expiryDays\": 90, \"maxFailedAttempts\": 5, \"lockoutMinutes\": 15}"),
            Map.entry(
                    "LoginRequest",
                    "{\"tenant\": \"default\", \"email\": \"ada@example.com\", \"password\": \"correct horse battery "
                            + "staple\", \"code\": \"492039\"}"),
            Map.entry("RefreshRequest", "{\"refreshToken\": \"atmr_P4kW8sN1vB6xM3qZ9cL2fJ7hT0dR5gY1aE8uK3wI6o\"}"),
            Map.entry(
                    "AcceptRequest",
                    "{\"token\": \"atmi_3q9X7mK2pL5vN8wR1tY4uZ6bC0dF\", \"password\": \"correct horse battery staple\"}"),
            Map.entry(
                    "PasswordRequest",
                    "{\"tenant\": \"default\", \"email\": \"ada@example.com\", \"currentPassword\": \"correct horse "
                            + "battery staple\", \"newPassword\": \"a longer passphrase of my own\"}"),
            Map.entry("ConfirmRequest", "{\"code\": \"492039\"}"),
            Map.entry("EnrolRequest", "{\"password\": \"correct horse battery staple\"}"),
            Map.entry("RemoveFactorRequest", "{\"password\": \"correct horse battery staple\", \"code\": \"492039\"}"),
            Map.entry(
                    "SkipRequest",
                    "{\"position\": 1234, \"reason\": \"written by a test build; no read model needs it\"}"),
            Map.entry(
                    "ManifestRequest",
                    "{\"hostAppId\": \"ha-01jd8q3k5v6w7x8y9z0a1b2c3d\", \"miniProgramId\": \"mp-01jd8q3k5v6w7x8y9z0a1b2c3d\", "
                            + "\"user\": {\"userId\": \"u-42\", \"deviceType\": \"ios\", \"osVersion\": \"17.2\", \"tags\": {\"vip\": \"true\"}}}"));

    /** The bodies of reads the read side writes itself (to put an ETag on them), by path. */
    private static final Map<String, Schema<?>> READS = new LinkedHashMap<>();

    @Bean
    OpenApiCustomizer atriumDocumentation() {
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.setComponents(components);
            for (Class<?> type : List.of(
                    MiniProgramDto.class,
                    HostAppDto.class,
                    io.atrium.query.member.MemberDto.class,
                    AuditEntryDto.class,
                    SdkDocs.ManifestRequest.class,
                    io.atrium.query.sdk.ManifestAnswer.class,
                    SdkHandler.PlatformKey.class,
                    io.atrium.query.audit.ChainCheck.class,
                    io.atrium.query.audit.AuditPage.class,
                    io.atrium.query.apikey.ApiKeyDto.class,
                    io.atrium.query.role.RoleList.class,
                    io.atrium.query.catalogue.CatalogueController.Versions.class,
                    io.atrium.projections.runner.ReplayProgress.class,
                    io.atrium.query.access.WhoAmIController.Me.class,
                    io.atrium.query.catalogue.VersionFilesController.VersionFiles.class,
                    io.atrium.query.catalogue.VersionFilesController.FileContent.class,
                    io.atrium.query.catalogue.ReviewQueueController.Waiting.class)) {
                ModelConverters.getInstance().readAll(type).forEach(components::addSchemas);
            }
            components.addSchemas(PROBLEM, problemSchema());
            READS.put("/api/v1/mini-programs", page("MiniProgramDto"));
            READS.put("/api/v1/mini-programs/{id}", ref("MiniProgramDto"));
            READS.put("/api/v1/mini-programs/{id}/versions", ref("Versions"));
            READS.put("/api/v1/reviews", page("Waiting"));
            READS.put("/api/v1/host-apps", page("HostAppDto"));
            READS.put("/api/v1/host-apps/{id}", ref("HostAppDto"));
            READS.put("/api/v1/members", page("MemberDto"));
            READS.put("/api/v1/audit/events", ref("AuditPage"));
            READS.put("/api/v1/api-keys", page("ApiKeyDto"));
            READS.put("/api/v1/roles", ref("RoleList"));
            READS.put("/api/v1/audit/verify", ref("ChainCheck"));
            READS.put("/api/v1/me", ref("Me"));
            READS.put("/api/v1/mini-programs/{id}/versions/{version}/files", ref("VersionFiles"));
            READS.put("/api/v1/mini-programs/{id}/versions/{version}/file", ref("FileContent"));
            SdkDocs.addRoutes(openApi);
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap()
                            .forEach((method, operation) -> complete(components, path, method, operation)));
        };
    }

    private static void complete(Components components, String path, PathItem.HttpMethod method, Operation operation) {
        boolean api = path.startsWith("/api/");
        boolean read = method == PathItem.HttpMethod.GET;
        boolean stream = path.endsWith("/stream") || path.endsWith("/progress") || path.endsWith("/replay");
        // Logins and the like answer what they produced (tokens, codes) with 200, and are not retried by key.
        boolean exchange = isExchange(path, method);
        ApiResponses responses = operation.getResponses();
        if (api && !read && !stream && !exchange) {
            // A recorded command answers 202, not the 200 the handler's return type suggests.
            ApiResponse ok = responses.remove("200");
            if (ok != null) {
                ok.setDescription("Recorded; a read with ?minPosition=position sees it");
                ok.addHeaderObject(
                        "Idempotent-Replayed",
                        header("true when this repeats the first answer to a retried Idempotency-Key", "true"));
                ok.addHeaderObject(
                        "X-Request-Id",
                        header("The request's id, echoed or made up", "0f8c7d1e-5b2a-4c39-9e61-2d7f4a8b3c10"));
                responses.addApiResponse("202", json(ok));
            }
            operation.addParametersItem(new Parameter()
                    .in("header")
                    .name("Idempotency-Key")
                    .required(false)
                    .description(
                            "Any id of yours, 1-200 visible ASCII characters: a retry answers the first result and records nothing new")
                    .schema(new StringSchema())
                    .example("order-7f3a-2026-11-30"));
        }
        if (path.endsWith("/replay")) {
            // Its handler answers a stream or a problem, so its declared type says nothing.
            ok(responses, path)
                    .setContent(new Content()
                            .addMediaType(
                                    "text/event-stream",
                                    new MediaType().schema(new ArraySchema().items(ref("ReplayProgress")))));
        }
        if (api && read && READS.containsKey(path)) {
            ApiResponse ok = ok(responses, path);
            ok.setContent(new Content().addMediaType(JSON, new MediaType().schema(READS.get(path))));
        }
        if (api && read && !stream && !path.endsWith("/export")) {
            ApiResponse ok = ok(responses, path);
            ok.addHeaderObject(
                    "ETag",
                    header("A strong validator of the answer; send it back as If-None-Match", "\"3f2a9c0d1e7b5a48\""));
            responses.addApiResponse(
                    "304",
                    new ApiResponse()
                            .description("Not modified: If-None-Match still matches the ETag")
                            .addHeaderObject("ETag", header("The answer's validator", "\"3f2a9c0d1e7b5a48\"")));
            operation.addParametersItem(new Parameter()
                    .in("header")
                    .name("If-None-Match")
                    .required(false)
                    .description("The ETag of an answer read before; 304 when it still holds")
                    .schema(new StringSchema())
                    .example("\"3f2a9c0d1e7b5a48\""));
        }
        for (ApiResponse ok : responses.values()) {
            json(ok);
        }
        List<String> errors = new ArrayList<>(List.of("400", "401", "500"));
        if ((api || !path.endsWith("/platform-key")) && !isOpen(path)) {
            errors.add("403");
        }
        if (path.contains("{") || api && path.contains("/admin/")) {
            errors.add("404");
        }
        if (api && !read) {
            errors.addAll(exchange ? List.of("409", "413", "415", "503") : List.of("409", "413", "415", "422", "503"));
        }
        if (path.equals("/api/v1/auth/login") || path.equals("/api/v1/auth/password")) {
            errors.add("423");
        }
        if (path.startsWith("/sdk/") && !read) {
            errors.add("413");
        }
        if (api
                && read
                && operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> "minPosition".equals(p.getName()))) {
            errors.add("503");
        }
        if (path.endsWith("/platform-key")) {
            errors.removeAll(List.of("400", "401", "403"));
        }
        for (String status : errors) {
            responses.addApiResponse(status, problem(status, path));
        }
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getExample() == null && PARAMETERS.containsKey(parameter.getName())) {
                    Object example = PARAMETERS.get(parameter.getName());
                    if (parameter.getName().equals("id") && path.startsWith("/api/v1/host-apps")) {
                        example = "ha-01jd8q3k5v6w7x8y9z0a1b2c3d";
                    } else if (parameter.getName().equals("id") && path.startsWith("/api/v1/tenants")) {
                        example = "acme";
                    } else if (parameter.getName().equals("id") && path.startsWith("/api/v1/members")) {
                        example = "mem-01jd8q3k5v6w7x8y9z0a1b2c3d";
                    } else if (parameter.getName().equals("id") && path.startsWith("/api/v1/api-keys")) {
                        example = "key-01jd8q3k5v6w7x8y9z0a1b2c3d";
                    } else if (parameter.getName().equals("name") && path.startsWith("/api/v1/roles")) {
                        example = "release-manager";
                    } else if (parameter.getName().equals("id") && path.contains("/crawls/")) {
                        example = "mp-01jd8q3k5v6w7x8y9z0a1b2c3d@1.2.0@42";
                    }
                    parameter.setExample(example);
                }
            }
        }
        RequestBody body = operation.getRequestBody();
        if (body != null && body.getContent() != null) {
            body.getContent().forEach((type, media) -> {
                if (media.getExample() == null
                        && media.getSchema() != null
                        && media.getSchema().get$ref() != null) {
                    String name = media.getSchema()
                            .get$ref()
                            .substring(media.getSchema().get$ref().lastIndexOf('/') + 1);
                    if (REQUESTS.containsKey(name)) {
                        media.setExample(parse(REQUESTS.get(name)));
                    }
                } else if (media.getExample() == null
                        && media.getSchema() != null
                        && "binary".equals(media.getSchema().getFormat())) {
                    // A body of raw bytes (an icon): the example says so rather than inventing an image.
                    media.setExample(Examples.of(media.getSchema(), components, 0));
                }
            });
        }
        for (ApiResponse response : responses.values()) {
            if (response.getContent() != null) {
                response.getContent().forEach((type, media) -> {
                    if (media.getExample() == null && media.getSchema() != null) {
                        media.setExample(Examples.of(media.getSchema(), components, 0));
                    }
                });
            }
        }
    }

    /** A login route that answers 200 with what it produced rather than a recorded command's 202. */
    public static boolean isExchange(String path, PathItem.HttpMethod method) {
        return path.startsWith("/api/v1/auth/") && method == PathItem.HttpMethod.POST;
    }

    /** A route anyone may call (its body carries the credential): never 403. */
    private static boolean isOpen(String path) {
        return io.atrium.server.security.RouteRules.OPEN.stream()
                .anyMatch(o -> o.pattern().equals(path));
    }

    /** Answers a handler declared loosely ({@code *}/{@code *}) as the JSON it is. */
    private static ApiResponse json(ApiResponse response) {
        if (response.getContent() != null && response.getContent().containsKey("*/*")) {
            MediaType media = response.getContent().remove("*/*");
            response.getContent().addMediaType(JSON, media);
        }
        return response;
    }

    /** The 200 answer springdoc generated for a read; every read handler has one. */
    private static ApiResponse ok(ApiResponses responses, String path) {
        return Objects.requireNonNull(responses.get("200"), () -> path + " has no 200 answer to describe");
    }

    private static ApiResponse problem(String status, String path) {
        String[] what = path.startsWith("/sdk/") && SDK_PROBLEMS.containsKey(status)
                ? SDK_PROBLEMS.get(status)
                : status.equals("401") && path.startsWith("/api/v1/auth/")
                        ? LOGIN_401
                        : Objects.requireNonNull(
                                PROBLEMS.get(status), () -> "no problem type is described for status " + status);
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "https://atrium.dev/problems/" + what[0]);
        example.put(
                "title",
                org.springframework.http.HttpStatus.valueOf(Integer.parseInt(status))
                        .getReasonPhrase());
        example.put("status", Integer.parseInt(status));
        example.put("detail", what[1].replace("`", "'"));
        example.put("instance", path);
        if (what[2] != null) {
            example.put("field", what[2]);
        }
        ApiResponse response = new ApiResponse()
                .description(what[1] + " (type https://atrium.dev/problems/" + what[0] + ")")
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(ref(PROBLEM)).example(example)));
        if (status.equals("401")) {
            response.addHeaderObject(
                    "WWW-Authenticate",
                    header(
                            "The scheme to authenticate with",
                            path.startsWith("/sdk/") ? SdkHandler.CHALLENGE : "Bearer realm=\"atrium\""));
        }
        if (status.equals("503") || status.equals("409")) {
            response.addHeaderObject(
                    "Retry-After", header("Seconds to wait before retrying (a lost race or a busy server)", "1"));
        }
        return response;
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        Schema problem =
                new ObjectSchema().description("RFC 9457 problem; `type` is https://atrium.dev/problems/<slug>");
        problem.addProperty(
                "type", new StringSchema().format("uri").example("https://atrium.dev/problems/invalid-input"));
        problem.addProperty("title", new StringSchema().example("Bad Request"));
        problem.addProperty("status", new IntegerSchema().example(400));
        problem.addProperty(
                "detail", new StringSchema().example("percentage must be between 0 and 100 with at most two decimals"));
        problem.addProperty(
                "instance",
                new StringSchema().example("/api/v1/mini-programs/mp-01jd8q3k5v6w7x8y9z0a1b2c3d/gray-release"));
        problem.addProperty(
                "field",
                new StringSchema().description("400: the field at fault").example("groups[1].rules[0].value"));
        problem.addProperty(
                "rule",
                new StringSchema()
                        .description("409 rule-violated, 400 invalid-package: the rule")
                        .example("four-eyes"));
        problem.addProperty(
                "permission",
                new StringSchema()
                        .description("403: the permission the route needs")
                        .example("operate"));
        problem.addProperty(
                "retryable",
                new io.swagger.v3.oas.models.media.BooleanSchema()
                        .description("409/503: a retry may succeed")
                        .example(true));
        problem.setRequired(List.of("type", "title", "status"));
        problem.example(
                parse(
                        "{\"type\": \"https://atrium.dev/problems/invalid-input\", \"title\": \"Bad Request\", \"status\": 400, "
                                + "\"detail\": \"percentage must be between 0 and 100 with at most two decimals\", \"field\": \"groups[1].rules[0].value\"}"));
        return problem;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> page(String item) {
        Schema page = new ObjectSchema().description("One page of a list");
        page.addProperty("items", new ArraySchema().items(ref(item)));
        page.addProperty("page", new IntegerSchema().example(0));
        page.addProperty("size", new IntegerSchema().example(20));
        page.addProperty("total", new IntegerSchema().format("int64").example(1));
        return page;
    }

    static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    static Header header(String description, String example) {
        return new Header().description(description).schema(new StringSchema()).example(example);
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.atrium.server.openapi;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;

/**
 * The SDK's routes in the document. They are functional routes (one of them answered by Reactor Netty
 * ahead of WebFlux), which springdoc does not see, so they are described here, with the records of
 * their bodies as a host sends and reads them.
 */
final class SdkDocs {

    private SdkDocs() {}

    /** What a host sends for a manifest (the SDK handler reads these fields). */
    record ManifestRequest(
            @Schema(example = "ha-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String hostAppId,

            @Schema(example = "mp-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String miniProgramId,

            User user) {}

    /** The attributes gray rules read. */
    record User(
            @Schema(example = "u-42") String userId,
            @Schema(example = "ios") String deviceType,
            @Schema(example = "17.2") String osVersion,
            @Schema(example = "wifi") String network,
            @Schema(example = "8.0.1") String hostAppVersion,
            @Schema(example = "eu") String region,
            @Schema(example = "{\"vip\": \"true\"}") Map<String, String> tags) {}

    private static final Map<String, String> SIGNATURE = Map.of(
            "X-Atrium-App", "ha-01jd8q3k5v6w7x8y9z0a1b2c3d",
            "X-Atrium-Bundle-Id", "com.example.shell",
            "X-Atrium-Timestamp", "1796035200",
            "X-Atrium-Nonce", "n-7f3a2c9d",
            "X-Atrium-Signature", "9c1e5f0a3b7d2e8f4a6c1b0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f");

    static void addRoutes(OpenAPI openApi) {
        openApi.path(
                "/sdk/v1/manifest",
                new PathItem()
                        .post(signed(new Operation()
                                .summary("The manifest a host needs to launch a mini-program for a user")
                                .description(
                                        "Signed: hex(HMAC-SHA256(secret, timestamp \\n nonce \\n METHOD \\n path \\n bundleId \\n "
                                                + "hex(SHA-256(body)))), the bundle id one the host app registered. The version "
                                                + "is the gray one when the user matches the gray rules. Bodies are at most 16 KiB.")
                                .tags(List.of("SDK"))
                                .requestBody(new RequestBody()
                                        .required(true)
                                        .content(new Content()
                                                .addMediaType(
                                                        "application/json",
                                                        new MediaType()
                                                                .schema(ApiDocumentation.ref("ManifestRequest")))))
                                .responses(new ApiResponses()
                                        .addApiResponse(
                                                "200",
                                                new ApiResponse()
                                                        .description("The manifest")
                                                        .content(new Content()
                                                                .addMediaType(
                                                                        "application/json",
                                                                        new MediaType()
                                                                                .schema(ApiDocumentation.ref(
                                                                                        "ManifestAnswer")))))))));
        openApi.path(
                "/sdk/v1/packages/{mpId}/{version}",
                new PathItem()
                        .get(signed(new Operation()
                                .summary("A sealed package, as the manifest names it")
                                .description("Signed like the manifest (empty body). Supports Range requests (206).")
                                .tags(List.of("SDK"))
                                .addParametersItem(new Parameter()
                                        .in("path")
                                        .name("mpId")
                                        .required(true)
                                        .schema(new StringSchema()))
                                .addParametersItem(new Parameter()
                                        .in("path")
                                        .name("version")
                                        .required(true)
                                        .schema(new StringSchema()))
                                .addParametersItem(new Parameter()
                                        .in("header")
                                        .name("Range")
                                        .required(false)
                                        .schema(new StringSchema())
                                        .description("A byte range of the package")
                                        .example("bytes=0-65535"))
                                .responses(new ApiResponses()
                                        .addApiResponse("200", sealed("The sealed package"))
                                        .addApiResponse("206", sealed("The requested range of the sealed package"))))));
        openApi.path(
                "/sdk/v1/platform-key",
                new PathItem()
                        .get(new Operation()
                                .summary("The platform's verifying key, for a host to pin")
                                .description("Public: a host reads it before it has anything to sign with.")
                                .tags(List.of("SDK"))
                                .responses(new ApiResponses()
                                        .addApiResponse(
                                                "200",
                                                new ApiResponse()
                                                        .description("The key")
                                                        .content(new Content()
                                                                .addMediaType(
                                                                        "application/json",
                                                                        new MediaType()
                                                                                .schema(ApiDocumentation.ref(
                                                                                        "PlatformKey"))))))));
    }

    private static ApiResponse sealed(String description) {
        return new ApiResponse()
                .description(description)
                .addHeaderObject("ETag", ApiDocumentation.header("The package's digest", "\"sha256:9f2c...\""))
                .content(new Content()
                        .addMediaType(
                                "application/vnd.atrium.sealed+zip",
                                new MediaType().schema(new BinarySchema()).example("<the sealed zip's bytes>")));
    }

    private static Operation signed(Operation operation) {
        SIGNATURE.forEach((name, example) -> operation.addParametersItem(new Parameter()
                .in("header")
                .name(name)
                .required(true)
                .schema(new StringSchema())
                .example(example)
                .description(
                        switch (name) {
                            case "X-Atrium-App" -> "The signing host app's id";
                            case "X-Atrium-Bundle-Id" ->
                                "The calling app's bundle id / package name, one the host app registered; signed";
                            case "X-Atrium-Timestamp" -> "Unix seconds, within 300 s of the server's clock";
                            case "X-Atrium-Nonce" -> "8-64 letters, digits, '-' or '_'; never reused within 300 s";
                            default ->
                                "hex(HMAC-SHA256(host secret, timestamp\\nnonce\\nMETHOD\\npath\\nbundleId\\n"
                                        + "hex(SHA-256(body))))";
                        })));
        return operation;
    }
}

package io.atrium.command.miniprogram.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import io.atrium.command.dispatch.CommandAnswer;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.command.dispatch.RequestContexts;
import io.atrium.command.miniprogram.IconUploads;
import io.atrium.command.miniprogram.MiniProgramCommands.ApproveVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.CancelGrayRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.ChangeGrayRules;
import io.atrium.command.miniprogram.MiniProgramCommands.CreateMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.DelistMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.PromoteGrayRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.RejectVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.ReleaseVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.RelistMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.RemoveMiniProgramIcon;
import io.atrium.command.miniprogram.MiniProgramCommands.RollBackRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.StartGrayRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.SubmitForReview;
import io.atrium.command.miniprogram.MiniProgramCommands.UpdateMiniProgramDetails;
import io.atrium.command.miniprogram.PackageUploads;
import io.atrium.events.InvalidValueException;
import io.atrium.events.access.Caller;
import io.atrium.events.gray.GrayRuleSet;
import io.atrium.events.gray.RuleGroup;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramIcon;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.VersionNumber;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Every write on a mini-program. Each answers 202 {id, position} or a problem. */
@RestController
@RequestMapping("/api/v1/mini-programs")
@Tag(name = "Mini-programs (write)")
public class MiniProgramCommandController {

    private final CommandDispatcher dispatcher;
    private final PackageUploads uploads;
    private final IconUploads icons;
    private final Path uploadDir;
    private final long maxUploadBytes;
    /** Room for the multipart framing and the small form fields around the zip. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    public MiniProgramCommandController(
            CommandDispatcher dispatcher,
            PackageUploads uploads,
            IconUploads icons,
            io.atrium.command.CommandSideProperties properties)
            throws IOException {
        this.dispatcher = dispatcher;
        this.uploads = uploads;
        this.icons = icons;
        this.maxUploadBytes = properties.packages().maxUploadBytes();
        this.uploadDir = Files.createDirectories(
                properties.dataDir().toAbsolutePath().normalize().resolve("tmp").resolve("uploads"));
    }

    public record CreateRequest(String name, String description, String category, List<String> tags) {}

    /**
     * The 202 an upload answers: the recorded command, and what of the zip the package left out.
     *
     * @param leftOut files (a folder ends in {@code /}) the package does not hold, as WeChat's tools
     *                leave them out: documents, licences, dotfiles, {@code packOptions.ignore}...
     */
    @Schema(
            description = "A recorded upload, and the files of the zip its package left out",
            example = "{\"id\": \"mp-01jd8q3k5v6w7x8y9z0a1b2c3d\", \"position\": 42, \"leftOut\": "
                    + "[{\"path\": \"README.md\", \"reason\": \"WeChat does not upload .md files\"}]}")
    public record UploadAnswer(
            @Schema(example = "mp-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String id,

            @Schema(example = "42") long position,
            List<LeftOutFile> leftOut) {}

    /** A file of the upload the package does not hold, and why. */
    @Schema(example = "{\"path\": \".git/\", \"reason\": \"a dot-folder\"}")
    public record LeftOutFile(
            @Schema(example = "README.md") String path,

            @Schema(example = "WeChat does not upload .md files")
            String reason) {}

    public record ReasonRequest(String reason) {}

    public record VersionRequest(String version, String reason) {}

    public record DelistRequest(String reason, Boolean freezeDeveloper) {}

    /**
     * A gray release: Jackson binds the groups to the rule language's own records (a value of the wrong
     * JSON type is refused at the path Jackson reports); {@link GrayRuleSet#of} then checks today's rules
     * and names a bad one by its path ({@code groups[1].rules[0].value}).
     */
    public record GrayReleaseRequest(
            String version,
            List<RuleGroup> groups,
            @JsonDeserialize(contentUsing = Text.class) List<String> userIds) {}

    /** New rules for the active gray release, bound as in {@link GrayReleaseRequest}. */
    public record GrayRulesRequest(
            List<RuleGroup> groups,
            @JsonDeserialize(contentUsing = Text.class) List<String> userIds) {}

    /** A JSON string and nothing else: a user id of {@code 7} is a mistake to report, not a number to turn into text. */
    static final class Text extends StdScalarDeserializer<String> {
        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (String) context.handleUnexpectedToken(String.class, parser);
            }
            return parser.getText();
        }
    }

    private static final String BASE = "/api/v1/mini-programs/";
    private static final Map<String, Object> NO_BODY = Map.of();

    @PostMapping
    @Operation(summary = "Create a mini-program", description = "Needs developer. Answers 202 {id, position}.")
    public Mono<ResponseEntity<CommandAnswer>> create(
            @RequestBody CreateRequest body, Caller caller, ServerWebExchange exchange) {
        MiniProgramDetails details =
                MiniProgramDetails.of(body.name(), body.description(), body.category(), body.tags());
        RequestContext context = RequestContexts.of(exchange, caller, body);
        MiniProgramId id = MiniProgramId.generate();
        return dispatcher
                .dispatch(new CreateMiniProgram(id, caller.tenant(), caller.actor(), details), context)
                .map(a -> RequestContexts.accepted(a, BASE + a.id()));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Update details", description = "Fields left out keep their value. Needs developer.")
    public Mono<ResponseEntity<CommandAnswer>> update(
            @PathVariable MiniProgramId id,
            @RequestBody CreateRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        MiniProgramId mp = id;
        return dispatch(
                new UpdateMiniProgramDetails(
                        mp,
                        caller.tenant(),
                        caller.actor(),
                        body.name(),
                        body.description(),
                        body.category(),
                        body.tags()),
                caller,
                exchange,
                body);
    }

    @PutMapping(
            path = "/{id}/icon",
            consumes = {MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE})
    @Operation(
            summary = "Set the icon",
            description = "Needs developer. The body is the image: a square PNG or JPEG, "
                    + MiniProgramIcon.MIN_SIDE + " to " + MiniProgramIcon.MAX_SIDE
                    + " pixels a side (WeChat asks for 144), at most 256 KiB. Its type is read from its bytes, and "
                    + "it is decoded in full: an image that cannot be shown is answered 400 with field icon; "
                    + "one over the size 413. Read it back at GET /api/v1/mini-programs/{id}/icon.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description = "The image's bytes",
                            content = {
                                @io.swagger.v3.oas.annotations.media.Content(
                                        mediaType = MediaType.IMAGE_PNG_VALUE,
                                        schema = @Schema(type = "string", format = "binary")),
                                @io.swagger.v3.oas.annotations.media.Content(
                                        mediaType = MediaType.IMAGE_JPEG_VALUE,
                                        schema = @Schema(type = "string", format = "binary"))
                            }))
    public Mono<ResponseEntity<CommandAnswer>> setIcon(
            @PathVariable MiniProgramId id, Caller caller, ServerWebExchange exchange) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > MiniProgramIcon.MAX_BYTES) {
            throw new PayloadTooLargeException(new IllegalArgumentException(
                    "the image is " + declared + " bytes; an icon may be at most " + MiniProgramIcon.MAX_BYTES));
        }
        return org.springframework.core.io.buffer.DataBufferUtils.join(
                        exchange.getRequest().getBody(), (int) MiniProgramIcon.MAX_BYTES)
                .onErrorMap(
                        org.springframework.core.io.buffer.DataBufferLimitException.class,
                        e -> new PayloadTooLargeException(new IllegalArgumentException(
                                "an icon may be at most " + MiniProgramIcon.MAX_BYTES + " bytes")))
                .map(buffer -> {
                    try {
                        byte[] image = new byte[buffer.readableByteCount()];
                        buffer.read(image);
                        return image;
                    } finally {
                        org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                // The full decode runs on the package builds' threads (bounded, refused as busy past their
                // queue), never on a command thread: a slow image must not hold up every tenant's commands.
                .flatMap(image -> Mono.fromCallable(() -> IconUploads.inspect(image))
                        .subscribeOn(uploads.builds())
                        .onErrorMap(
                                java.util.concurrent.RejectedExecutionException.class,
                                e -> new io.atrium.command.dispatch.BusyException(
                                        "too many uploads are being checked; retry shortly"))
                        .flatMap(inspected -> {
                            // The image's digest is what a retry with the same idempotency key must match.
                            RequestContext context =
                                    RequestContexts.of(exchange, caller, Map.of("icon", inspected.digest()));
                            return dispatcher.onCommandThread(() -> icons.set(id, image, inspected, context));
                        }))
                .map(a -> RequestContexts.accepted(a, BASE + a.id() + "/icon"));
    }

    @DeleteMapping("/{id}/icon")
    @Operation(summary = "Remove the icon", description = "Needs developer. Hosts show their placeholder.")
    public Mono<ResponseEntity<CommandAnswer>> removeIcon(
            @PathVariable MiniProgramId id, Caller caller, ServerWebExchange exchange) {
        return dispatch(new RemoveMiniProgramIcon(id, caller.tenant(), caller.actor()), caller, exchange, NO_BODY);
    }

    @PostMapping(path = "/{id}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Upload a version",
            description =
                    "Multipart: package (zip), version, notes. Needs developer. "
                            + "The zip is packed as WeChat's tools do: files WeChat does not upload (documents, licences, "
                            + "dotfiles, packOptions.ignore) are left out and listed in leftOut. "
                            + "A package that breaks a rule of the format is answered 400 with the rule; one over the size limit 413.")
    public Mono<ResponseEntity<UploadAnswer>> upload(
            @PathVariable MiniProgramId id, Caller caller, ServerWebExchange exchange) {
        MiniProgramId mp = id;
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxUploadBytes + MULTIPART_OVERHEAD) {
            // Refuse an honest client's oversized upload before reading a byte of it.
            throw new PayloadTooLargeException(new IllegalArgumentException(
                    "the upload is " + declared + " bytes; a package may be at most " + maxUploadBytes));
        }
        RequestContext context = RequestContexts.of(exchange, caller, NO_BODY);
        return exchange.getMultipartData().flatMap(parts -> {
            VersionNumber version = VersionNumber.parse(field(parts.getFirst("version"), "version"));
            Part packagePart = parts.getFirst("package");
            if (!(packagePart instanceof FilePart file)) {
                return Mono.error(new InvalidValueException("package", "package (a zip file part) is required"));
            }
            String notes = parts.getFirst("notes") instanceof FormFieldPart n ? n.value() : "";
            Path temp = tempFile();
            java.util.concurrent.atomic.AtomicReference<PackageUploads.Built> built =
                    new java.util.concurrent.atomic.AtomicReference<>();
            // The build (hashing, packing, compiling) runs on the package-build threads, so slow
            // uploads never hold the command threads; only storing and recording take one. The
            // temporary files go however the request ends: done, failed or cancelled by the client.
            return file.transferTo(temp)
                    .then(Mono.fromCallable(() -> {
                                PackageUploads.Built b = uploads.build(temp);
                                built.set(b);
                                return b;
                            })
                            .subscribeOn(uploads.builds())
                            .onErrorMap(
                                    java.util.concurrent.RejectedExecutionException.class,
                                    e -> new io.atrium.command.dispatch.BusyException(
                                            "too many uploads are being built; retry shortly")))
                    .flatMap(b -> dispatcher.onCommandThread(() -> uploads.record(mp, version, notes, b, context)))
                    // Before the answer goes out (so a client never sees its upload's files still
                    // there), and on cancel, when no answer goes out at all.
                    .doOnTerminate(() -> PackageUploads.discard(temp, built.get()))
                    .doOnCancel(() -> PackageUploads.discard(temp, built.get()))
                    .map(u -> RequestContexts.accepted(
                            u.accepted(),
                            BASE + u.accepted().id() + "/versions/" + version.value(),
                            new UploadAnswer(
                                    u.accepted().id(),
                                    u.accepted().position(),
                                    u.leftOut().stream()
                                            .map(l -> new LeftOutFile(l.path(), l.reason()))
                                            .toList())));
        });
    }

    @PostMapping("/{id}/versions/{version}/submit")
    @Operation(summary = "Submit a version for review", description = "Needs developer.")
    public Mono<ResponseEntity<CommandAnswer>> submit(
            @PathVariable MiniProgramId id, @PathVariable String version, Caller caller, ServerWebExchange exchange) {
        return dispatch(
                new SubmitForReview(id, caller.tenant(), caller.actor(), pathVersion(version)),
                caller,
                exchange,
                NO_BODY);
    }

    @PostMapping("/{id}/versions/{version}/approve")
    @Operation(
            summary = "Approve a version (seals its package)",
            description = "Needs reviewer; not the uploader (four eyes).")
    public Mono<ResponseEntity<CommandAnswer>> approve(
            @PathVariable MiniProgramId id, @PathVariable String version, Caller caller, ServerWebExchange exchange) {
        return dispatch(
                new ApproveVersion(id, caller.tenant(), caller.actor(), pathVersion(version)),
                caller,
                exchange,
                NO_BODY);
    }

    @PostMapping("/{id}/versions/{version}/reject")
    @Operation(summary = "Reject a version", description = "Needs reviewer. {reason} is required.")
    public Mono<ResponseEntity<CommandAnswer>> reject(
            @PathVariable MiniProgramId id,
            @PathVariable String version,
            @RequestBody ReasonRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        return dispatch(
                new RejectVersion(id, caller.tenant(), caller.actor(), pathVersion(version), body.reason()),
                caller,
                exchange,
                body);
    }

    @PostMapping("/{id}/release")
    @Operation(summary = "Release a version to everyone", description = "Needs operator. {version}")
    public Mono<ResponseEntity<CommandAnswer>> release(
            @PathVariable MiniProgramId id,
            @RequestBody VersionRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        return dispatch(
                new ReleaseVersion(id, caller.tenant(), caller.actor(), VersionNumber.parse(body.version())),
                caller,
                exchange,
                body);
    }

    @PostMapping("/{id}/gray-release")
    @Operation(
            summary = "Start a gray release",
            description = "Needs operator. {version, groups: [{rules: [{attribute, operator, value}]}], userIds}")
    public Mono<ResponseEntity<CommandAnswer>> startGray(
            @PathVariable MiniProgramId id,
            @RequestBody GrayReleaseRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        if (body.version() == null) {
            throw new InvalidValueException("version", "version is required");
        }
        // Jackson bound the shape (types, operators); today's limits are checked here, with full paths.
        GrayRuleSet rules = GrayRuleSet.of(body.groups(), body.userIds());
        return dispatch(
                new StartGrayRelease(id, caller.tenant(), caller.actor(), VersionNumber.parse(body.version()), rules),
                caller,
                exchange,
                body);
    }

    @PutMapping("/{id}/gray-release")
    @Operation(summary = "Change the active gray release's rules", description = "Needs operator. {groups, userIds}")
    public Mono<ResponseEntity<CommandAnswer>> changeGray(
            @PathVariable MiniProgramId id,
            @RequestBody GrayRulesRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        // Jackson bound the shape (types, operators); today's limits are checked here, with full paths.
        GrayRuleSet rules = GrayRuleSet.of(body.groups(), body.userIds());
        return dispatch(new ChangeGrayRules(id, caller.tenant(), caller.actor(), rules), caller, exchange, body);
    }

    @PostMapping("/{id}/gray-release/promote")
    @Operation(summary = "Promote the gray release to the full release", description = "Needs operator.")
    public Mono<ResponseEntity<CommandAnswer>> promote(
            @PathVariable MiniProgramId id, Caller caller, ServerWebExchange exchange) {
        return dispatch(new PromoteGrayRelease(id, caller.tenant(), caller.actor()), caller, exchange, NO_BODY);
    }

    @DeleteMapping("/{id}/gray-release")
    @Operation(summary = "Cancel the gray release", description = "Needs operator. Optional ?reason=")
    public Mono<ResponseEntity<CommandAnswer>> cancelGray(
            @PathVariable MiniProgramId id,
            @RequestParam(required = false) String reason,
            Caller caller,
            ServerWebExchange exchange) {
        return dispatch(
                new CancelGrayRelease(id, caller.tenant(), caller.actor(), reason),
                caller,
                exchange,
                reason == null ? NO_BODY : Map.of("reason", reason));
    }

    @PostMapping("/{id}/rollback")
    @Operation(summary = "Roll back to a version released before", description = "Needs operator. {version, reason}")
    public Mono<ResponseEntity<CommandAnswer>> rollback(
            @PathVariable MiniProgramId id,
            @RequestBody VersionRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        return dispatch(
                new RollBackRelease(
                        id, caller.tenant(), caller.actor(), VersionNumber.parse(body.version()), body.reason()),
                caller,
                exchange,
                body);
    }

    @PostMapping("/{id}/delist")
    @Operation(summary = "Take a mini-program down", description = "Needs operator. {reason, freezeDeveloper}")
    public Mono<ResponseEntity<CommandAnswer>> delist(
            @PathVariable MiniProgramId id,
            @RequestBody DelistRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        return dispatch(
                new DelistMiniProgram(
                        id,
                        caller.tenant(),
                        caller.actor(),
                        body.reason(),
                        Boolean.TRUE.equals(body.freezeDeveloper())),
                caller,
                exchange,
                body);
    }

    @PostMapping("/{id}/relist")
    @Operation(summary = "Restore a delisted mini-program", description = "Needs operator.")
    public Mono<ResponseEntity<CommandAnswer>> relist(
            @PathVariable MiniProgramId id, Caller caller, ServerWebExchange exchange) {
        return dispatch(new RelistMiniProgram(id, caller.tenant(), caller.actor()), caller, exchange, NO_BODY);
    }

    private Mono<ResponseEntity<CommandAnswer>> dispatch(
            io.atrium.command.dispatch.AtriumCommand command, Caller caller, ServerWebExchange exchange, Object body) {
        return dispatcher
                .dispatch(command, RequestContexts.of(exchange, caller, body))
                .map(a -> RequestContexts.accepted(a, BASE + a.id()));
    }

    private static VersionNumber pathVersion(String version) {
        try {
            return VersionNumber.parse(version);
        } catch (InvalidValueException e) {
            throw new io.atrium.command.problem.InvariantViolation(
                    io.atrium.command.problem.Invariant.UNKNOWN_VERSION, version);
        }
    }

    private static String field(Part part, String name) {
        if (part instanceof FormFieldPart field && !field.value().isBlank()) {
            return field.value().strip();
        }
        throw new InvalidValueException(name, name + " is required");
    }

    private Path tempFile() {
        try {
            return Files.createTempFile(uploadDir, "upload-", ".zip");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

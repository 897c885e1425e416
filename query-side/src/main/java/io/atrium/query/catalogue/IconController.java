package io.atrium.query.catalogue;

import io.atrium.events.access.Caller;
import io.atrium.events.miniprogram.MiniProgramIcon;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.query.problem.QueryProblemMapper.NotFoundException;
import io.atrium.query.readmodel.ReadYourWrites;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A mini-program's icon image. It is read like the rest of the catalogue (same credentials, the
 * caller's tenant only), and cached by its digest: the ETag is the image's SHA-256, so a client
 * asks again with If-None-Match and is answered 304 until the icon changes.
 */
@RestController
@RequestMapping("/api/v1/mini-programs")
@Tag(name = "Mini-programs (read)")
public class IconController {

    private final CatalogueQueries queries;
    private final StoredPackages packages;
    private final ReadYourWrites readYourWrites;

    public IconController(CatalogueQueries queries, StoredPackages packages, ReadYourWrites readYourWrites) {
        this.queries = queries;
        this.packages = packages;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/{id}/icon")
    @Operation(
            summary = "The icon image",
            description = "The PNG or JPEG set with PUT; 404 when the mini-program has none. "
                    + "ETag is the image's SHA-256 (If-None-Match answers 304).",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The image",
                            content = {
                                @Content(
                                        mediaType = MediaType.IMAGE_PNG_VALUE,
                                        schema = @Schema(type = "string", format = "binary")),
                                @Content(
                                        mediaType = MediaType.IMAGE_JPEG_VALUE,
                                        schema = @Schema(type = "string", format = "binary"))
                            }))
    public Mono<ResponseEntity<byte[]>> icon(
            @PathVariable MiniProgramId id,
            @RequestParam(required = false) Long minPosition,
            Caller caller,
            ServerWebExchange exchange) {
        return readYourWrites
                .await(CatalogueController.PROJECTION, minPosition)
                .then(queries.icon(caller.tenant(), id.value()))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("mini-program " + id + " has no icon")))
                .flatMap(icon -> {
                    String etag = "\"" + icon.digest() + "\"";
                    // Boot's check: lists of ETags, weak ones and * as HTTP has them.
                    if (exchange.checkNotModified(etag)) {
                        return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                                .eTag(etag)
                                .<byte[]>build());
                    }
                    return Mono.fromCallable(() -> Files.readAllBytes(blob(icon)))
                            .subscribeOn(Schedulers.boundedElastic())
                            .map(bytes -> ResponseEntity.ok()
                                    .eTag(etag)
                                    // Private: it is read with the caller's credentials. Revalidated: the
                                    // same URL answers a new image once the icon changes.
                                    .cacheControl(CacheControl.noCache().cachePrivate())
                                    .contentType(MediaType.parseMediaType(icon.mediaType()))
                                    // Only ever shown as an image, never run as a document.
                                    .header("Content-Security-Policy", "default-src 'none'; sandbox")
                                    .header(HttpHeaders.CONTENT_DISPOSITION, "inline")
                                    .body(bytes));
                });
    }

    private Path blob(MiniProgramIcon icon) {
        // The icon is recorded, so its blob must exist: a missing one is lost storage, a fault of the
        // platform (500), never "no icon".
        return packages.locate(icon.digest())
                .orElseThrow(() ->
                        new IllegalStateException("the icon " + icon.digest() + " is missing from this node's store"));
    }
}

package io.atrium.query.catalogue;

import io.atrium.events.access.Caller;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.query.problem.QueryProblemMapper.NotFoundException;
import io.atrium.query.readmodel.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;
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
 * A version's files, as the platform stores its package (scripts compiled at upload): the list, and one file's text. Reviewers read
 * what they approve and compare it with the version released; the console's file tree and diff are
 * built on these two reads. The package was validated at upload (paths, sizes), and a file is found
 * by its exact entry name only, never by a path on this machine.
 */
@RestController
@RequestMapping("/api/v1/mini-programs")
@Tag(name = "Mini-programs")
public class VersionFilesController {

    /** A file's text is answered up to this size; a larger file answers its size and no text. */
    static final int MAX_TEXT = 512 * 1024;

    private final CatalogueQueries queries;
    private final StoredPackages packages;
    private final Responses responses;

    public VersionFilesController(CatalogueQueries queries, StoredPackages packages, Responses responses) {
        this.queries = queries;
        this.packages = packages;
        this.responses = responses;
    }

    /**
     * One file of a package.
     *
     * @param size   bytes
     * @param sha256 lower-case hex SHA-256 of its bytes: two versions' files differ exactly when these do
     */
    public record FileEntry(String path, long size, String sha256) {}

    /** A version's files, sorted by path. */
    public record VersionFiles(String version, String packageDigest, List<FileEntry> files) {}

    /**
     * One file's content.
     *
     * @param text    the file as UTF-8 text; null when it is not text or larger than 512 KiB
     * @param binary  true when the file is not UTF-8 text
     */
    public record FileContent(
            String path, long size, @Nullable String text, boolean binary) {}

    @GetMapping("/{id}/versions/{version}/files")
    @Operation(
            summary = "A version's files",
            description =
                    "Every file of the package as the platform stores it (scripts compiled at upload), by path, with its "
                            + "size and SHA-256 (compare two versions' lists to see which files changed).")
    public Mono<ResponseEntity<byte[]>> files(
            @PathVariable MiniProgramId id, @PathVariable String version, Caller caller, ServerWebExchange exchange) {
        return digest(caller, id, version)
                .flatMap(digest -> Mono.fromCallable(() -> new VersionFiles(version, digest, list(zip(digest))))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(files -> responses.ok(files, exchange));
    }

    @GetMapping("/{id}/versions/{version}/file")
    @Operation(
            summary = "One file of a version",
            description = "The file's text (UTF-8, up to 512 KiB); a binary or larger file answers its size only.")
    public Mono<ResponseEntity<byte[]>> file(
            @PathVariable MiniProgramId id,
            @PathVariable String version,
            @Parameter(description = "The file's path in the package (required)", example = "pages/index/index.js")
                    @RequestParam(required = false)
                    @Nullable
                    String path,
            Caller caller,
            ServerWebExchange exchange) {
        // The version is looked up first: another tenant's mini-program answers 404 whatever else is
        // wrong with the request, as every route does, so the two cannot be told apart.
        return digest(caller, id, version)
                .flatMap(digest -> path == null || path.isBlank()
                        ? Mono.<FileContent>error(
                                new io.atrium.events.InvalidValueException("path", "path is required"))
                        : Mono.fromCallable(() -> read(zip(digest), path)).subscribeOn(Schedulers.boundedElastic()))
                .map(content -> responses.ok(content, exchange));
    }

    private Mono<String> digest(Caller caller, MiniProgramId id, String version) {
        return queries.versions(caller.tenant(), id.value())
                .filter(v -> v.version().equals(version))
                .next()
                .map(MiniProgramDto.VersionDto::packageDigest)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no version " + version + " of " + id)));
    }

    private Path zip(String digest) {
        // The version exists, so its package must: a missing blob is lost storage (or a node without
        // the shared package folder), a fault of the platform, never "no such version".
        return packages.locate(digest)
                .orElseThrow(() ->
                        new IllegalStateException("the package " + digest + " is missing from this node's store"));
    }

    private static List<FileEntry> list(Path zip) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        // Every entry is read to hash it: a package is at most a few MiB (the upload limit), and the
        // hash is what lets a reviewer see which files changed without reading each one.
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(file.entries())) {
                if (e.isDirectory()) {
                    continue;
                }
                MessageDigest sha256 = sha256();
                long size = 0;
                try (InputStream in = file.getInputStream(e)) {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha256.update(buffer, 0, n);
                        size += n;
                    }
                }
                files.add(new FileEntry(e.getName(), size, HexFormat.of().formatHex(sha256.digest())));
            }
        }
        files.sort(Comparator.comparing(FileEntry::path));
        return files;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FileContent read(Path zip, String path) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(path);
            if (entry == null || entry.isDirectory()) {
                throw new NotFoundException("no file " + path + " in this version");
            }
            if (entry.getSize() > MAX_TEXT) {
                return new FileContent(path, entry.getSize(), null, false);
            }
            byte[] bytes;
            try (InputStream in = file.getInputStream(entry)) {
                bytes = in.readNBytes(MAX_TEXT + 1);
            }
            if (bytes.length > MAX_TEXT) {
                return new FileContent(path, entry.getSize(), null, false);
            }
            String text = utf8(bytes);
            return text == null
                    ? new FileContent(path, bytes.length, null, true)
                    : new FileContent(path, bytes.length, text, false);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The bytes as UTF-8 text, or null when they are not (or hold a NUL, as binaries do). */
    private static @Nullable String utf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

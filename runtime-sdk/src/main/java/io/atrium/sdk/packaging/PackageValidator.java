package io.atrium.sdk.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads an uploaded code package as a stream and decides whether it is one. Every limit is checked
 * on the bytes actually inflated, the central directory is cross-checked against the local headers
 * (so two readers cannot see two different archives), and the layout rules of the format are
 * enforced: app.json and app.js at the root, every page listed (subpackages' included) with its
 * template and script, every template well formed, the main package and each subpackage within
 * its size. Memory use is bounded by one file's size.
 */
public final class PackageValidator {

    private static final Set<String> TEXT = Set.of("js", "json", "fxml", "wxml", "ftss", "wxss", "fts", "wxs", "svg");
    private static final Set<String> BINARY =
            Set.of("png", "jpg", "jpeg", "gif", "webp", "ttf", "woff", "woff2", "mp3", "wav");
    private static final Set<String> TEMPLATE = Set.of("fxml", "wxml");
    private static final int RATIO_FLOOR = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PackageLimits limits;

    public PackageValidator(PackageLimits limits) {
        this.limits = limits;
    }

    /** Whether a file of this path's type may be in a package (WeChat uploads no others). */
    public static boolean supported(String path) {
        String extension = extension(path);
        return TEXT.contains(extension) || BINARY.contains(extension);
    }

    /**
     * Validates the zip at {@code zip}.
     *
     * @return what the package holds
     * @throws PackageRejectedException naming the rule it broke
     * @throws IOException              when the file cannot be read at all
     */
    public ValidatedPackage validate(Path zip) throws IOException {
        List<PackageEntry> files = new ArrayList<>();
        Map<String, String> templateErrors = new LinkedHashMap<>();
        Set<String> paths = new HashSet<>();
        JsonNode[] appJson = {null};
        long total = archive(zip, true, (name, size, sha256, content) -> {
            paths.add(name);
            files.add(new PackageEntry(name, size, sha256));
            if (content != null) {
                String text = utf8(content, name);
                if (name.equals("app.json")) {
                    appJson[0] = parseJson(text);
                } else if (TEMPLATE.contains(extension(name))) {
                    String error = TemplateSyntax.check(name, text);
                    if (error != null) {
                        templateErrors.put(name, error);
                    }
                }
            }
        });
        if (!templateErrors.isEmpty()) {
            Map.Entry<String, String> first =
                    templateErrors.entrySet().iterator().next();
            throw new PackageRejectedException(PackageRule.TEMPLATE_INVALID, first.getKey(), first.getValue());
        }
        List<PackagePart> parts = sized(checkLayout(appJson[0], paths), files);
        List<String> pages = new ArrayList<>();
        parts.forEach(part -> pages.addAll(part.pages()));
        return new ValidatedPackage(files, pages, total, parts);
    }

    /**
     * Reads a zip under every protection against hostile archives (size, entry count, compression
     * ratio, unsafe paths, links, duplicates, encryption, central directory against local headers)
     * but none of the format's rules: for a zip as a developer made it, with files a package leaves
     * out, before {@link PackageBuilder} makes a package of it. Memory use is bounded by the total
     * size limit.
     *
     * @return every file's content by path, in archive order (directories left out)
     * @throws PackageRejectedException naming the protection the zip broke
     */
    public Map<String, byte[]> readArchive(Path zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        archive(
                zip,
                false,
                (name, size, sha256, content) -> files.put(name, java.util.Objects.requireNonNull(content)));
        return files;
    }

    /** Receives each file of an archive once its bytes have passed the limits. */
    @FunctionalInterface
    private interface FileHandler {
        /** {@code content} is null for a binary file of a package (hashed, not kept). */
        void file(String name, long size, String sha256, byte @Nullable [] content) throws IOException;
    }

    /**
     * The protections every zip passes. {@code asPackage}: refuse files of unsupported types and
     * keep only text files' bytes; otherwise accept every type and keep every file's bytes.
     *
     * @return the total uncompressed size
     */
    private long archive(Path zip, boolean asPackage, FileHandler handler) throws IOException {
        long zipSize = Files.size(zip);
        if (zipSize > limits.maxZipBytes()) {
            throw new PackageRejectedException(
                    PackageRule.TOO_LARGE, null, zipSize + " bytes, at most " + limits.maxZipBytes());
        }
        List<CentralDirectory.Entry> directory = CentralDirectory.read(zip, limits);
        for (CentralDirectory.Entry entry : directory) {
            if (entry.symlink()) {
                throw new PackageRejectedException(PackageRule.LINK, entry.name(), null);
            }
            if (entry.encrypted()) {
                throw new PackageRejectedException(PackageRule.ENCRYPTED_ENTRY, entry.name(), null);
            }
        }
        long total;
        List<String> localNames = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip)) {
            total = stream(in, zipSize, localNames, asPackage, handler);
        }
        List<String> centralNames =
                directory.stream().map(CentralDirectory.Entry::name).toList();
        if (!centralNames.equals(localNames)) {
            throw new PackageRejectedException(
                    PackageRule.INCONSISTENT_ZIP,
                    null,
                    "local headers list " + localNames.size() + " entries, the central directory "
                            + centralNames.size());
        }
        return total;
    }

    private long stream(InputStream raw, long zipSize, List<String> names, boolean asPackage, FileHandler handler)
            throws IOException {
        CountingInputStream counted = new CountingInputStream(raw);
        Set<String> paths = new HashSet<>();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream zin = new ZipInputStream(counted, StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = nextEntry(zin)) != null) {
                String name = entry.getName();
                names.add(name);
                if (names.size() > limits.maxEntries()) {
                    throw new PackageRejectedException(
                            PackageRule.TOO_MANY_ENTRIES, null, "more than " + limits.maxEntries());
                }
                checkPath(name);
                if (!paths.add(name)) {
                    throw new PackageRejectedException(PackageRule.DUPLICATE_ENTRY, name, null);
                }
                if (entry.isDirectory()) {
                    continue;
                }
                String extension = extension(name);
                boolean text = TEXT.contains(extension);
                if (asPackage && !text && !BINARY.contains(extension)) {
                    throw new PackageRejectedException(
                            PackageRule.UNSUPPORTED_FILE,
                            name,
                            "allowed: " + new java.util.TreeSet<>(TEXT) + " and " + new java.util.TreeSet<>(BINARY));
                }
                MessageDigest sha = sha256();
                ByteArrayOutputStream kept = text || !asPackage ? new ByteArrayOutputStream() : null;
                long compressedStart = counted.count;
                long size = 0;
                int read;
                while ((read = readEntry(zin, buffer, name)) > 0) {
                    size += read;
                    total += read;
                    if (size > limits.maxEntryBytes()) {
                        throw new PackageRejectedException(
                                PackageRule.ENTRY_TOO_LARGE, name, "more than " + limits.maxEntryBytes() + " bytes");
                    }
                    if (total > limits.maxTotalBytes()) {
                        throw new PackageRejectedException(
                                PackageRule.TOO_LARGE,
                                null,
                                "more than " + limits.maxTotalBytes() + " bytes uncompressed");
                    }
                    long compressed = Math.max(1, counted.count - compressedStart);
                    if (size > RATIO_FLOOR && size / compressed > limits.maxCompressionRatio()) {
                        throw new PackageRejectedException(
                                PackageRule.COMPRESSION_RATIO,
                                name,
                                "expands more than " + limits.maxCompressionRatio() + " times");
                    }
                    sha.update(buffer, 0, read);
                    if (kept != null) {
                        kept.write(buffer, 0, read);
                    }
                }
                handler.file(
                        name,
                        size,
                        java.util.HexFormat.of().formatHex(sha.digest()),
                        kept == null ? null : kept.toByteArray());
            }
        }
        if (names.isEmpty()) {
            throw new PackageRejectedException(PackageRule.NOT_A_ZIP, null, "no entries could be read");
        }
        if (total > RATIO_FLOOR && total / Math.max(1, zipSize) > limits.maxCompressionRatio()) {
            throw new PackageRejectedException(
                    PackageRule.COMPRESSION_RATIO,
                    null,
                    "the package expands more than " + limits.maxCompressionRatio() + " times");
        }
        return total;
    }

    /**
     * Counts each part's files and holds each to the per-package limit, as WeChat does: a file
     * under a subpackage's root is that subpackage's, every other file the main package's.
     */
    private List<PackagePart> sized(List<PackagePart> declared, List<PackageEntry> files) {
        long[] bytes = new long[declared.size()];
        PackageEntry[] largest = new PackageEntry[declared.size()];
        for (PackageEntry file : files) {
            int part = AppPages.partOf(file.path(), declared);
            bytes[part] += file.size();
            if (largest[part] == null || file.size() > largest[part].size()) {
                largest[part] = file;
            }
        }
        List<PackagePart> result = new ArrayList<>();
        for (int i = 0; i < declared.size(); i++) {
            PackagePart part = declared.get(i);
            if (bytes[i] > limits.maxPackageBytes()) {
                throw new PackageRejectedException(
                        PackageRule.PACKAGE_TOO_LARGE,
                        part.main() ? null : part.root() + "/",
                        "the " + part.label() + " holds " + bytes[i] + " bytes, at most " + limits.maxPackageBytes()
                                + "; its largest file is " + largest[i].path() + " (" + largest[i].size()
                                + " bytes)");
            }
            result.add(new PackagePart(part.root(), part.name(), part.pages(), part.independent(), bytes[i]));
        }
        return result;
    }

    /** The next entry, or null after the last. */
    private static @Nullable ZipEntry nextEntry(ZipInputStream zin) throws IOException {
        try {
            return zin.getNextEntry();
        } catch (ZipException | IllegalArgumentException e) {
            throw new PackageRejectedException(PackageRule.NOT_A_ZIP, null, e.getMessage());
        }
    }

    private static int readEntry(ZipInputStream zin, byte[] buffer, String name) throws IOException {
        try {
            return zin.read(buffer);
        } catch (ZipException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("encrypted")) {
                throw new PackageRejectedException(PackageRule.ENCRYPTED_ENTRY, name, null);
            }
            throw new PackageRejectedException(PackageRule.INCONSISTENT_ZIP, name, message);
        } catch (java.io.EOFException e) {
            throw new PackageRejectedException(
                    PackageRule.NOT_A_ZIP, name, "the archive ends in the middle of this entry");
        }
    }

    /** {@code app} is null when the package has no app.json. */
    private static List<PackagePart> checkLayout(@Nullable JsonNode app, Set<String> paths) {
        if (app == null) {
            throw new PackageRejectedException(PackageRule.APP_JSON_MISSING, "app.json", null);
        }
        if (!paths.contains("app.js")) {
            throw new PackageRejectedException(PackageRule.APP_JS_MISSING, "app.js", null);
        }
        if (!app.isObject()) {
            throw new PackageRejectedException(PackageRule.APP_JSON_INVALID, "app.json", "must be a JSON object");
        }
        for (String field : List.of("window", "permissions", "plugins")) {
            JsonNode node = app.get(field);
            if (node != null && !node.isObject()) {
                throw new PackageRejectedException(
                        PackageRule.APP_JSON_INVALID, "app.json", "\"" + field + "\" must be an object");
            }
        }
        List<PackagePart> parts = AppPages.declared(app);
        for (PackagePart part : parts) {
            for (String path : part.pages()) {
                if (!paths.contains(path + ".fxml") && !paths.contains(path + ".wxml")) {
                    throw new PackageRejectedException(
                            PackageRule.PAGE_MISSING, path + ".wxml", "page '" + path + "' has no template");
                }
                if (!paths.contains(path + ".js")) {
                    throw new PackageRejectedException(
                            PackageRule.PAGE_MISSING, path + ".js", "page '" + path + "' has no script");
                }
            }
        }
        return parts;
    }

    /** Refuses every path that could land outside the package's own folder on any platform. */
    static void checkPath(String name) {
        if (name.isEmpty() || name.length() > 255) {
            throw new PackageRejectedException(PackageRule.UNSAFE_PATH, name, "empty or longer than 255 characters");
        }
        if (name.startsWith("/") || name.contains("\\") || name.contains(":") || name.startsWith("~")) {
            throw new PackageRejectedException(PackageRule.UNSAFE_PATH, name, "absolute or platform-specific path");
        }
        String body = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        String[] segments = body.split("/", -1);
        if (segments.length > 16) {
            throw new PackageRejectedException(PackageRule.UNSAFE_PATH, name, "nested deeper than 16 folders");
        }
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new PackageRejectedException(PackageRule.UNSAFE_PATH, name, "empty, '.' or '..' path segment");
            }
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new PackageRejectedException(PackageRule.UNSAFE_PATH, name, "control character in path");
            }
        }
    }

    private static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    static String utf8(byte[] bytes, String name) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PackageRejectedException(PackageRule.NOT_UTF8, name, null);
        }
    }

    private static JsonNode parseJson(String content) {
        try {
            return JSON.readTree(content);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PackageRejectedException(PackageRule.APP_JSON_INVALID, "app.json", e.getOriginalMessage());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the compressed bytes the zip reader has pulled from the file. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}

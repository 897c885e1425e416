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
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads an uploaded code package as a stream and decides whether it is one. Every limit is checked
 * on the bytes actually inflated, the central directory is cross-checked against the local headers
 * (so two readers cannot see two different archives), and the layout rules of the format are
 * enforced: app.json and app.js at the root, every page listed with its template and script, every
 * template well formed. Memory use is bounded by one file's size.
 */
public final class PackageValidator {

    private static final Pattern PAGE = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+){0,7}");
    private static final Set<String> TEXT =
            Set.of("js", "json", "fxml", "wxml", "ftss", "wxss", "fts", "wxs", "svg", "txt", "md");
    private static final Set<String> BINARY =
            Set.of("png", "jpg", "jpeg", "gif", "webp", "ttf", "woff", "woff2", "mp3", "wav");
    private static final Set<String> TEMPLATE = Set.of("fxml", "wxml");
    private static final int MAX_PAGES = 200;
    private static final int RATIO_FLOOR = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PackageLimits limits;

    public PackageValidator(PackageLimits limits) {
        this.limits = limits;
    }

    /**
     * Validates the zip at {@code zip}.
     *
     * @return what the package holds
     * @throws PackageRejectedException naming the rule it broke
     * @throws IOException              when the file cannot be read at all
     */
    public ValidatedPackage validate(Path zip) throws IOException {
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
        ValidatedPackage result;
        List<String> localNames = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip)) {
            result = stream(in, zipSize, localNames);
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
        return result;
    }

    private ValidatedPackage stream(InputStream raw, long zipSize, List<String> names) throws IOException {
        CountingInputStream counted = new CountingInputStream(raw);
        List<PackageEntry> files = new ArrayList<>();
        Map<String, String> templateErrors = new LinkedHashMap<>();
        Set<String> paths = new HashSet<>();
        JsonNode appJson = null;
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
                if (!text && !BINARY.contains(extension)) {
                    throw new PackageRejectedException(
                            PackageRule.UNSUPPORTED_FILE,
                            name,
                            "allowed: " + new java.util.TreeSet<>(TEXT) + " and " + new java.util.TreeSet<>(BINARY));
                }
                MessageDigest sha = sha256();
                ByteArrayOutputStream kept = text ? new ByteArrayOutputStream() : null;
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
                files.add(new PackageEntry(name, size, java.util.HexFormat.of().formatHex(sha.digest())));
                if (kept != null) {
                    String content = utf8(kept.toByteArray(), name);
                    if (name.equals("app.json")) {
                        appJson = parseJson(content);
                    } else if (TEMPLATE.contains(extension)) {
                        String error = TemplateSyntax.check(name, content);
                        if (error != null) {
                            templateErrors.put(name, error);
                        }
                    }
                }
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
        if (!templateErrors.isEmpty()) {
            Map.Entry<String, String> first =
                    templateErrors.entrySet().iterator().next();
            throw new PackageRejectedException(PackageRule.TEMPLATE_INVALID, first.getKey(), first.getValue());
        }
        List<String> pages = checkLayout(appJson, paths);
        return new ValidatedPackage(files, pages, total);
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
    private static List<String> checkLayout(@Nullable JsonNode app, Set<String> paths) {
        if (app == null) {
            throw new PackageRejectedException(PackageRule.APP_JSON_MISSING, "app.json", null);
        }
        if (!paths.contains("app.js")) {
            throw new PackageRejectedException(PackageRule.APP_JS_MISSING, "app.js", null);
        }
        if (!app.isObject()) {
            throw new PackageRejectedException(PackageRule.APP_JSON_INVALID, "app.json", "must be a JSON object");
        }
        JsonNode pages = app.get("pages");
        if (pages == null || !pages.isArray() || pages.isEmpty()) {
            throw new PackageRejectedException(
                    PackageRule.APP_JSON_INVALID, "app.json", "\"pages\" must be a non-empty list");
        }
        if (pages.size() > MAX_PAGES) {
            throw new PackageRejectedException(
                    PackageRule.APP_JSON_INVALID, "app.json", "at most " + MAX_PAGES + " pages");
        }
        for (String field : List.of("window", "permissions", "plugins")) {
            JsonNode node = app.get(field);
            if (node != null && !node.isObject()) {
                throw new PackageRejectedException(
                        PackageRule.APP_JSON_INVALID, "app.json", "\"" + field + "\" must be an object");
            }
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            JsonNode page = pages.get(i);
            if (!page.isTextual() || !PAGE.matcher(page.asText()).matches()) {
                throw new PackageRejectedException(
                        PackageRule.APP_JSON_INVALID,
                        "app.json",
                        "pages[" + i + "] must be a path like \"pages/index/index\"");
            }
            String path = page.asText();
            if (result.contains(path)) {
                throw new PackageRejectedException(
                        PackageRule.APP_JSON_INVALID, "app.json", "pages[" + i + "] is listed twice");
            }
            if (!paths.contains(path + ".fxml") && !paths.contains(path + ".wxml")) {
                throw new PackageRejectedException(
                        PackageRule.PAGE_MISSING, path + ".fxml", "page '" + path + "' has no template");
            }
            if (!paths.contains(path + ".js")) {
                throw new PackageRejectedException(
                        PackageRule.PAGE_MISSING, path + ".js", "page '" + path + "' has no script");
            }
            result.add(path);
        }
        return result;
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

    private static String utf8(byte[] bytes, String name) {
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

package io.atrium.sdk.packaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Makes a code package of a mini-program as its developer has it, a folder or a zip of one, the way
 * WeChat's tools do before an upload: files WeChat does not upload (documents, licences, dotfiles
 * and dot-folders, {@code node_modules}, project settings) are left out and listed with the
 * reason; {@code project.config.json}'s {@code miniprogramRoot} (the app in a subfolder) and
 * {@code packOptions.ignore} are honoured; every script goes through the {@link ScriptCompiler}.
 * The package is written deterministically (entries sorted, timestamps fixed), so the same app
 * gives the same bytes and the same digest, and it is validated before it is handed back.
 */
public final class PackageBuilder {

    /** A fixed entry time, local (no time zone in it), so the bytes do not depend on where or when. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    /** The compiling time one build may take in all (the compiler bounds each script on its own). */
    public static final java.time.Duration COMPILE_BUDGET = java.time.Duration.ofSeconds(90);

    private static final String PROJECT_CONFIG = "project.config.json";
    private static final String PROJECT_PRIVATE_CONFIG = "project.private.config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Rules {@code packOptions.ignore} may hold. Real projects list a handful; every rule is tried
     * against every file and folder of an upload, which the platform builds on its own threads.
     */
    public static final int MAX_IGNORE_RULES = 1_000;

    /**
     * Characters the pattern rules ({@code regexp}, {@code glob}) of one build may read, all files
     * together. A plain pattern reads each name a few times (10,000 files of 100 characters under 10
     * rules is some 10 million); one that backtracks ({@code (.*a){12}$}) reads a name of 255
     * characters billions of times, and would hold the platform's thread for hours.
     */
    static final long PATTERN_READS = 100_000_000L;

    private final PackageLimits limits;
    private final ScriptCompiler compiler;
    private final java.time.Duration compileBudget;
    private final PackageValidator validator;

    /** @param compiler applied to every {@code .js} file ({@link ScriptCompiler#NONE} to leave them as written) */
    public PackageBuilder(PackageLimits limits, ScriptCompiler compiler) {
        this(limits, compiler, COMPILE_BUDGET);
    }

    /** @param compileBudget the compiling time one build may take in all */
    public PackageBuilder(PackageLimits limits, ScriptCompiler compiler, java.time.Duration compileBudget) {
        this.compileBudget = compileBudget;
        this.limits = limits;
        this.compiler = compiler;
        this.validator = new PackageValidator(limits);
    }

    /**
     * A file or folder the package left out.
     *
     * @param path   as in the developer's folder (a folder ends in {@code /} and stands for all it holds)
     * @param reason why WeChat's tools leave it out
     */
    public record LeftOut(String path, String reason) {}

    /**
     * A package built.
     *
     * @param validated what the package holds, as {@link PackageValidator} found it
     * @param leftOut   what was left out, in path order
     * @param sha256    lower-case hex SHA-256 of the zip
     * @param zipBytes  the zip's size
     */
    public record Result(ValidatedPackage validated, List<LeftOut> leftOut, String sha256, long zipBytes) {

        public Result {
            leftOut = List.copyOf(leftOut);
        }
    }

    /**
     * Builds the package of {@code source} (an app's folder, or a zip of it) into {@code out}. A zip
     * is first read under every protection against hostile archives; a zip whose files all sit in
     * one folder (as zipping the folder itself makes it) is read from inside that folder.
     *
     * @throws PackageRejectedException naming the rule and the file when no valid package can be
     *                                  made; {@code out} is then not left behind
     */
    public Result build(Path source, Path out) throws IOException {
        Selection selection;
        Map<String, byte[]> kept;
        if (Files.isDirectory(source)) {
            selection =
                    new Selection(projectConfig(readIfFile(source.resolve(PROJECT_CONFIG), limits.maxEntryBytes())));
            kept = fromFolder(source, selection);
        } else {
            Map<String, byte[]> files = withoutWrappingFolder(validator.readArchive(source));
            selection = new Selection(projectConfig(files.get(PROJECT_CONFIG)));
            kept = new TreeMap<>();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                String path = selection.keep(file.getKey());
                if (path != null) {
                    kept.put(path, file.getValue());
                }
            }
        }
        byte[] zip = zip(compiled(kept));
        Files.write(out, zip);
        try {
            ValidatedPackage validated = validator.validate(out);
            String sha256 = HexFormat.of().formatHex(PackageValidator.sha256().digest(zip));
            return new Result(validated, List.copyOf(selection.leftOut.values()), sha256, zip.length);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
    }

    private Map<String, byte[]> fromFolder(Path folder, Selection selection) throws IOException {
        Map<String, byte[]> kept = new TreeMap<>();
        long[] total = {0};
        int[] entries = {0};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(folder)) {
                    return FileVisitResult.CONTINUE;
                }
                return selection.keepFolder(relative(folder, dir))
                        ? FileVisitResult.CONTINUE
                        : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = relative(folder, file);
                if (!attrs.isRegularFile()) {
                    // Not followed: a link could bring in anything on the developer's disk.
                    selection.leaveOut(name, "a symbolic link or special file");
                    return FileVisitResult.CONTINUE;
                }
                String path = selection.keep(name);
                if (path == null) {
                    return FileVisitResult.CONTINUE;
                }
                if (++entries[0] > limits.maxEntries()) {
                    throw new PackageRejectedException(
                            PackageRule.TOO_MANY_ENTRIES, null, "more than " + limits.maxEntries() + " files");
                }
                total[0] += attrs.size();
                if (attrs.size() > limits.maxEntryBytes() || total[0] > limits.maxTotalBytes()) {
                    throw new PackageRejectedException(
                            attrs.size() > limits.maxEntryBytes() ? PackageRule.ENTRY_TOO_LARGE : PackageRule.TOO_LARGE,
                            name,
                            attrs.size() + " bytes");
                }
                kept.put(path, Files.readAllBytes(file));
                return FileVisitResult.CONTINUE;
            }
        });
        return kept;
    }

    private static String relative(Path folder, Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }

    /** Every {@code .js} file through the compiler; {@code .wxs} is WeChat's own language and is left alone. */
    private Map<String, byte[]> compiled(Map<String, byte[]> files) {
        if (compiler == ScriptCompiler.NONE) {
            return files;
        }
        Map<String, byte[]> result = new TreeMap<>();
        long deadline = System.nanoTime() + compileBudget.toNanos();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey();
            byte[] content = file.getValue();
            if (path.toLowerCase(Locale.ROOT).endsWith(".js")) {
                // One package may not keep the compiler (shared by every upload) for long: a
                // package of many slow scripts is refused once its scripts have had their time.
                if (System.nanoTime() - deadline > 0) {
                    throw new PackageRejectedException(
                            PackageRule.SCRIPT_INVALID,
                            path,
                            "the package's scripts took longer than " + compileBudget.toMillis()
                                    + " ms to compile; compile them to ES5 before uploading");
                }
                try {
                    content = compiler.compile(path, PackageValidator.utf8(content, path))
                            .getBytes(StandardCharsets.UTF_8);
                } catch (ScriptCompileException e) {
                    throw new PackageRejectedException(PackageRule.SCRIPT_INVALID, e.path(), e.getMessage());
                }
            }
            result.put(path, content);
        }
        return result;
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTimeLocal(ENTRY_TIME);
                out.putNextEntry(entry);
                out.write(file.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** {@code dir/app.json} and the like, as zipping {@code dir} itself makes them, read as {@code app.json}. */
    private static Map<String, byte[]> withoutWrappingFolder(Map<String, byte[]> files) {
        if (files.isEmpty() || files.containsKey("app.json") || files.containsKey(PROJECT_CONFIG)) {
            return files;
        }
        String first = files.keySet().iterator().next();
        int slash = first.indexOf('/');
        if (slash < 0) {
            return files;
        }
        String folder = first.substring(0, slash + 1);
        if (!files.keySet().stream().allMatch(path -> path.startsWith(folder))) {
            return files;
        }
        Map<String, byte[]> inside = new LinkedHashMap<>();
        files.forEach((path, content) -> inside.put(path.substring(folder.length()), content));
        return inside;
    }

    /**
     * The file's bytes when it is a regular file, not a link: the walk leaves links out, and the
     * settings must not come from one either (a link to a file elsewhere on the disk would put its
     * first word into the error a JSON parser makes of it).
     */
    private static byte @Nullable [] readIfFile(Path file, long maxBytes) throws IOException {
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (Files.size(file) > maxBytes) {
            throw new PackageRejectedException(
                    PackageRule.ENTRY_TOO_LARGE, PROJECT_CONFIG, Files.size(file) + " bytes");
        }
        return Files.readAllBytes(file);
    }

    private static @Nullable JsonNode projectConfig(byte @Nullable [] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(PackageValidator.utf8(bytes, PROJECT_CONFIG));
            if (node == null || !node.isObject()) {
                throw new PackageRejectedException(
                        PackageRule.PROJECT_CONFIG_INVALID, PROJECT_CONFIG, "must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PackageRejectedException(
                    PackageRule.PROJECT_CONFIG_INVALID, PROJECT_CONFIG, e.getOriginalMessage());
        }
    }

    /** One rule of {@code packOptions.ignore}: {@code {"type": "folder", "value": "docs"}}. */
    private record Ignore(
            String type, String value, @Nullable Pattern pattern, String at, PatternBudget budget) {

        static Ignore of(JsonNode rule, int index, PatternBudget budget) {
            String at = "packOptions.ignore[" + index + "]";
            String type = rule.path("type").asText("");
            String value = rule.path("value").asText("");
            if (value.isEmpty()) {
                throw new PackageRejectedException(
                        PackageRule.PROJECT_CONFIG_INVALID, PROJECT_CONFIG, at + ".value is empty");
            }
            return switch (type) {
                case "file", "folder" -> new Ignore(type, trimPath(value), null, at, budget);
                case "suffix", "prefix" -> new Ignore(type, value, null, at, budget);
                case "regexp" -> {
                    try {
                        yield new Ignore(type, value, Pattern.compile(value), at, budget);
                    } catch (PatternSyntaxException e) {
                        throw new PackageRejectedException(
                                PackageRule.PROJECT_CONFIG_INVALID,
                                PROJECT_CONFIG,
                                at + " is not a regular expression: " + e.getDescription());
                    }
                }
                case "glob" -> new Ignore(type, value, glob(trimPath(value)), at, budget);
                default ->
                    throw new PackageRejectedException(
                            PackageRule.PROJECT_CONFIG_INVALID,
                            PROJECT_CONFIG,
                            at + ".type must be file, folder, suffix, prefix, regexp or glob");
            };
        }

        boolean folder(String path) {
            return type.equals("folder") && (path.equals(value) || path.startsWith(value + "/"));
        }

        boolean file(String path) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            return switch (type) {
                case "file" -> path.equals(value);
                case "folder" -> path.startsWith(value + "/");
                case "suffix" -> path.endsWith(value);
                case "prefix" -> name.startsWith(value);
                case "regexp" -> pattern != null && budget.matches(this, pattern, path, false);
                case "glob" -> pattern != null && budget.matches(this, pattern, path, true);
                default -> false;
            };
        }

        @Override
        public String toString() {
            return "packOptions.ignore {" + type + ": " + value + "}";
        }

        /** {@code **} any folders, {@code *} any name within a folder, {@code ?} one character. */
        private static Pattern glob(String glob) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                    regex.append(slash ? "(.*/)?" : ".*");
                    i += slash ? 2 : 1;
                } else if (c == '*') {
                    regex.append("[^/]*");
                } else if (c == '?') {
                    regex.append("[^/]");
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString());
        }
    }

    /** {@code ./a/b/} as {@code a/b}: WeChat's settings write paths either way. */
    private static String trimPath(String path) {
        String p = path.strip();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /**
     * What the pattern rules of one build may still read. Java's regular expressions read their
     * input through {@link CharSequence#charAt}, so counting those reads bounds a pattern's work
     * whatever it is, where no timeout could stop a matcher that is running.
     */
    private static final class PatternBudget {
        private long left;

        PatternBudget(long reads) {
            this.left = reads;
        }

        boolean matches(Ignore rule, Pattern pattern, String path, boolean whole) {
            try {
                var matcher = pattern.matcher(new Counted(path, this));
                return whole ? matcher.matches() : matcher.find();
            } catch (Exhausted e) {
                throw new PackageRejectedException(
                        PackageRule.PROJECT_CONFIG_INVALID,
                        PROJECT_CONFIG,
                        rule.at() + " (" + rule.type() + " " + rule.value() + ") takes too long to match " + path
                                + ": a pattern that backtracks this much cannot be applied to every file");
            }
        }

        void read() {
            if (--left < 0) {
                throw new Exhausted();
            }
        }

        /** Thrown from inside the matcher, so it unwinds at once. */
        private static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        /** A path whose every character read is counted. */
        private record Counted(String text, PatternBudget budget) implements CharSequence {
            @Override
            public int length() {
                return text.length();
            }

            @Override
            public char charAt(int index) {
                budget.read();
                return text.charAt(index);
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                return new Counted(text.substring(start, end), budget);
            }

            @Override
            public String toString() {
                return text;
            }
        }
    }

    /** Decides, path by path of the developer's folder, what goes into the package and where. */
    private static final class Selection {

        /** The app's folder inside the project, with a trailing slash; empty for the project's own. */
        private final String root;

        private final List<Ignore> ignores = new ArrayList<>();
        private final Map<String, LeftOut> leftOut = new TreeMap<>();

        Selection(@Nullable JsonNode config) {
            String miniprogramRoot = config == null
                    ? ""
                    : trimPath(config.path("miniprogramRoot").asText(""));
            if (!miniprogramRoot.isEmpty()) {
                PackageValidator.checkPath(miniprogramRoot);
            }
            this.root = miniprogramRoot.isEmpty() ? "" : miniprogramRoot + "/";
            JsonNode rules = config == null ? null : config.path("packOptions").get("ignore");
            if (rules != null && !rules.isArray()) {
                throw new PackageRejectedException(
                        PackageRule.PROJECT_CONFIG_INVALID, PROJECT_CONFIG, "packOptions.ignore must be a list");
            }
            if (rules != null) {
                if (rules.size() > MAX_IGNORE_RULES) {
                    throw new PackageRejectedException(
                            PackageRule.PROJECT_CONFIG_INVALID,
                            PROJECT_CONFIG,
                            "packOptions.ignore holds " + rules.size() + " rules, at most " + MAX_IGNORE_RULES);
                }
                PatternBudget budget = new PatternBudget(PATTERN_READS);
                for (int i = 0; i < rules.size(); i++) {
                    ignores.add(Ignore.of(rules.get(i), i, budget));
                }
            }
        }

        void leaveOut(String path, String reason) {
            leftOut.putIfAbsent(path, new LeftOut(path, reason));
        }

        /** Whether a folder of the project may hold files of the package; one that may not is listed. */
        boolean keepFolder(String folder) {
            String reason = folderReason(folder);
            if (reason != null) {
                leaveOut(folder + "/", reason);
                return false;
            }
            return true;
        }

        /**
         * The file's path in the package, or null when it is left out (and then listed, under the
         * outermost folder left out when it is a folder's).
         */
        @Nullable
        String keep(String path) {
            int slash = -1;
            while ((slash = path.indexOf('/', slash + 1)) > 0) {
                if (!keepFolder(path.substring(0, slash))) {
                    return null;
                }
            }
            String reason = fileReason(path);
            if (reason != null) {
                leaveOut(path, reason);
                return null;
            }
            return path.substring(root.length());
        }

        private @Nullable String folderReason(String folder) {
            if (!root.isEmpty() && !(folder + "/").startsWith(root) && !root.startsWith(folder + "/")) {
                return "outside miniprogramRoot " + root;
            }
            if (root.startsWith(folder + "/")) {
                return null;
            }
            String inApp = folder.substring(root.length());
            String name = inApp.substring(inApp.lastIndexOf('/') + 1);
            if (name.startsWith(".")) {
                return "a dot-folder";
            }
            if (name.equals("node_modules")) {
                return "npm's sources (WeChat runs what its npm build puts in miniprogram_npm)";
            }
            for (Ignore ignore : ignores) {
                if (ignore.folder(inApp)) {
                    return ignore.toString();
                }
            }
            return null;
        }

        private @Nullable String fileReason(String path) {
            if (path.equals(PROJECT_CONFIG) || path.equals(PROJECT_PRIVATE_CONFIG)) {
                return "WeChat's project settings, not part of the app";
            }
            if (!path.startsWith(root)) {
                return "outside miniprogramRoot " + root;
            }
            String inApp = path.substring(root.length());
            String name = inApp.substring(inApp.lastIndexOf('/') + 1);
            if (name.startsWith(".")) {
                return "a dotfile";
            }
            for (Ignore ignore : ignores) {
                if (ignore.file(inApp)) {
                    return ignore.toString();
                }
            }
            if (!PackageValidator.supported(inApp)) {
                int dot = name.lastIndexOf('.');
                return dot < 0
                        ? "a file without a type WeChat uploads"
                        : "WeChat does not upload " + name.substring(dot).toLowerCase(Locale.ROOT) + " files";
            }
            return null;
        }
    }
}

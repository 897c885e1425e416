package io.atrium.sdk.logic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names of WeChat's {@code wx.*} APIs ({@code wechat-apis.txt}), so that one this runtime does
 * not provide still exists on {@code wx} and fails cleanly ({@code "<name>:fail not supported"})
 * instead of being a {@code TypeError} in the page that calls it.
 */
final class WeChatApiNames {

    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

    private WeChatApiNames() {}

    /** The names, in the file's order. */
    static Set<String> names() {
        try (InputStream in = WeChatApiNames.class.getResourceAsStream("wechat-apis.txt")) {
            if (in == null) {
                throw new IllegalStateException("wechat-apis.txt is missing from the runtime SDK");
            }
            Set<String> names = new LinkedHashSet<>();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                // The names become properties of `wx` inside the sandbox: nothing but an identifier.
                if (!NAME.matcher(line).matches()) {
                    throw new IllegalStateException("wechat-apis.txt:" + (i + 1) + ": not an API name: " + line);
                }
                names.add(line);
            }
            return Set.copyOf(names);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read wechat-apis.txt", e);
        }
    }

    /** The names as a JSON array of strings (they are plain identifiers: nothing to escape). */
    static String json() {
        return names().stream()
                .sorted()
                .map(n -> '"' + n + '"')
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}

package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.packaging.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility suite's start-up APIs app ({@code samples/compat/startup-apis}), each page it
 * lists launched through the runtime with a host that provides only the defaults, and asserted to
 * show its texts. The suite's own runner does the same for every app; this keeps the app honest
 * from the SDK's side while that runner is written.
 */
class StartupApisSampleTest {

    static final Path APP = Path.of("..", "samples", "compat", "startup-apis");

    @TempDir
    Path dir;

    static Stream<String> pages() throws Exception {
        JsonNode compat = new ObjectMapper().readTree(APP.resolve("compat.json").toFile());
        List<String> pages = new ArrayList<>();
        compat.path("pages").fieldNames().forEachRemaining(pages::add);
        return pages.stream();
    }

    @ParameterizedTest
    @MethodSource("pages")
    void pageShowsItsTexts(String page) throws Exception {
        JsonNode compat = new ObjectMapper().readTree(APP.resolve("compat.json").toFile());
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(APP)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = APP.relativize(file).toString().replace('\\', '/');
                if (!name.equals("compat.json")) {
                    files.put(name, Files.readAllBytes(file));
                }
            }
        }
        Path zip = dir.resolve("startup-apis.zip");
        Files.write(zip, Zips.zip(files));
        AtriumRuntime runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .build();
        try (MiniProgramSession session = runtime.launchLocal(zip, new LaunchOptions(page, Map.of()))) {
            String text = session.currentPage().text();
            for (JsonNode expected : compat.path("pages").path(page)) {
                assertThat(text).as(page).contains(expected.asText());
            }
        }
    }
}

package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.packaging.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility sample samples/compat/quiz-wxs (lenient templates and WXS, in WeChat's idiom)
 * opens every page it lists and shows the texts its compat.json names.
 */
class QuizWxsSampleTest {

    static final Path APP = Path.of("..", "samples", "compat", "quiz-wxs");

    @TempDir
    Path dir;

    @Test
    void everyPageShowsItsTexts() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(APP)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String name = APP.relativize(file).toString().replace('\\', '/');
                if (!name.equals("compat.json")) {
                    files.put(name, Files.readAllBytes(file));
                }
            }
        }
        Path zip = dir.resolve("quiz-wxs.zip");
        Files.write(zip, Zips.zip(files));
        AtriumRuntime runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .build();
        JsonNode pages =
                new ObjectMapper().readTree(APP.resolve("compat.json").toFile()).get("pages");
        assertThat(pages.size()).isGreaterThanOrEqualTo(6);
        for (Iterator<Map.Entry<String, JsonNode>> it = pages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> page = it.next();
            try (MiniProgramSession session = runtime.launchLocal(zip, new LaunchOptions(page.getKey(), Map.of()))) {
                String html = session.currentPage().html();
                for (JsonNode text : page.getValue()) {
                    assertThat(html).as(page.getKey()).contains(text.asText());
                }
            }
        }
    }
}

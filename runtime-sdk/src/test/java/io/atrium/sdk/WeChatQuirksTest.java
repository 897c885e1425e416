package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.logic.ScriptError;
import io.atrium.sdk.packaging.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What WeChat does that real component libraries rely on, each in a small mini-program written here
 * in WeChat's idiom: the page under test is {@code pages/index/index}, with one component.
 */
class WeChatQuirksTest {

    @TempDir
    Path dir;

    final List<String> errors = new CopyOnWriteArrayList<>();
    AtriumRuntime runtime;

    @BeforeEach
    void start() {
        runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .listener(new RuntimeListener() {
                    @Override
                    public void onScriptError(String miniProgramId, ScriptError error) {
                        errors.add(error.getMessage());
                    }
                })
                .build();
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    /** The page's text after launch, with the page and one component {@code <shelf-item>}. */
    String render(String pageJs, String pageWxml, String componentJs, String componentWxml) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/index/index\"]}");
        files.put("app.js", "App({})");
        files.put("pages/index/index.json", "{\"usingComponents\": {\"shelf-item\": \"/components/shelf-item\"}}");
        files.put("pages/index/index.js", pageJs);
        files.put("pages/index/index.wxml", pageWxml);
        files.put("components/shelf-item.json", "{\"component\": true}");
        files.put("components/shelf-item.js", componentJs);
        files.put("components/shelf-item.wxml", componentWxml);
        Path zip = dir.resolve("app-" + System.nanoTime() + ".zip");
        Files.write(zip, Zips.zipText(files));
        try (MiniProgramSession session = runtime.launchLocal(zip, new LaunchOptions("pages/index/index", Map.of()))) {
            return session.currentPage().text().replaceAll("\\s+", " ").strip();
        }
    }

    @Test
    void anUndefinedValueLeavesThePropertyAtItsDefault() throws Exception {
        String text = render(
                "Page({ data: { book: { title: 'Emma' } } })",
                "<shelf-item copies=\"{{book.copies}}\" title=\"{{book.title}}\" extra=\"{{ {note: book.note} }}\"/>",
                """
                Component({
                  properties: {
                    title: String,
                    copies: { type: Number, value: 1 },
                    extra: { type: Object, value: {} }
                  }
                })
                """,
                "{{title}} x{{copies}} {{extra.note === null ? 'no note' : 'note'}}");
        assertThat(errors).isEmpty();
        assertThat(text).isEqualTo("Emma x1 no note");
    }
}

package io.atrium.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.LaunchOptions;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.PageView;
import io.atrium.sdk.RuntimeListener;
import io.atrium.sdk.logic.ScriptError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility suite: mini-programs in WeChat's style under {@code samples/compat}, each an
 * app folder as its developer keeps it plus a {@code compat.json} that lists, per page, texts the
 * page must show. Each folder is built as a development host builds it (unsupported files left
 * out, scripts compiled by Babel), and every listed page is launched on its own and checked.
 */
class CompatibilitySuiteTest {

    static final Path SAMPLES = Path.of("..", "samples", "compat");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BabelScriptCompiler COMPILER = new BabelScriptCompiler();

    @TempDir
    static Path work;

    @AfterAll
    static void close() {
        COMPILER.close();
    }

    record App(Path folder, JsonNode pages) {
        String name() {
            return folder.getFileName().toString();
        }
    }

    static List<App> apps() throws IOException {
        List<App> apps = new ArrayList<>();
        try (Stream<Path> folders = Files.list(SAMPLES)) {
            for (Path folder : folders.sorted().toList()) {
                Path spec = folder.resolve("compat.json");
                if (Files.isRegularFile(spec)) {
                    apps.add(new App(folder, JSON.readTree(spec.toFile()).path("pages")));
                }
            }
        }
        return apps;
    }

    @Test
    void theSuiteHoldsAtLeastThirtyPagesAcrossFiveMiniPrograms() throws IOException {
        List<App> apps = apps();
        assertThat(apps).hasSizeGreaterThanOrEqualTo(5);
        assertThat(apps.stream().mapToInt(a -> a.pages().size()).sum()).isGreaterThanOrEqualTo(30);
    }

    @TestFactory
    Stream<DynamicNode> everyListedPageStartsAndShowsItsText() throws IOException {
        List<DynamicNode> nodes = new ArrayList<>();
        for (App app : apps()) {
            List<DynamicTest> pages = new ArrayList<>();
            app.pages()
                    .fields()
                    .forEachRemaining(page -> pages.add(DynamicTest.dynamicTest(
                            page.getKey(), () -> checkPage(app, page.getKey(), page.getValue()))));
            nodes.add(DynamicContainer.dynamicContainer(app.name(), pages));
        }
        return nodes.stream();
    }

    private void checkPage(App app, String page, JsonNode texts) throws IOException {
        Path zip = CompatPackages.build(app.folder(), work, COMPILER);
        List<String> errors = new CopyOnWriteArrayList<>();
        AtriumRuntime runtime = AtriumRuntime.builder()
                .storageDir(work.resolve("storage-" + app.name() + "-" + page.replace('/', '_')))
                .allowUnsigned(true)
                .listener(new RuntimeListener() {
                    @Override
                    public void onScriptError(String miniProgramId, ScriptError error) {
                        errors.add(error.getMessage());
                    }
                })
                .build();
        try (MiniProgramSession session = runtime.launchLocal(zip, new LaunchOptions(page, Map.of()))) {
            PageView view = session.currentPage();
            assertThat(errors).as("script errors of " + page).isEmpty();
            for (JsonNode text : texts) {
                assertThat(view.text()).as(app.name() + " " + page).contains(text.asText());
            }
        }
    }
}

package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sdk.packaging.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility suite's modules-and-components app (samples/compat/shop-modules), run here
 * until the suite's own runner covers it: every page listed in its compat.json shows its texts.
 */
class ShopModulesSampleTest {

    static final Path APP = Path.of("..", "samples", "compat", "shop-modules");

    @TempDir
    Path dir;

    AtriumRuntime runtime;
    Path zip;

    @BeforeEach
    void start() throws Exception {
        runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .build();
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(APP)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = APP.relativize(file).toString().replace('\\', '/');
                if (!name.equals("compat.json")) {
                    files.put(name, Files.readAllBytes(file));
                }
            }
        }
        zip = dir.resolve("shop-modules.zip");
        Files.write(zip, Zips.zip(files));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void everyListedPageShowsItsTexts() throws Exception {
        JsonNode pages = RunningSession.JSON
                .readTree(APP.resolve("compat.json").toFile())
                .path("pages");
        assertThat(pages.size()).isBetween(6, 8);
        for (var it = pages.fields(); it.hasNext(); ) {
            var entry = it.next();
            try (MiniProgramSession session = runtime.launchLocal(zip, new LaunchOptions(entry.getKey(), Map.of()))) {
                String html = session.currentPage().html();
                for (JsonNode text : entry.getValue()) {
                    assertThat(html).as(entry.getKey()).contains(text.asText());
                }
            }
        }
    }

    @Test
    void componentEventsReachThePagesThroughTheSharedCartModule() throws Exception {
        try (MiniProgramSession session = runtime.launchLocal(zip, LaunchOptions.defaults())) {
            assertThat(session.tap("add-p3").get(10, TimeUnit.SECONDS).html()).contains("3 lines in your basket");
            PageView cart = session.open("/pages/cart/cart").get(10, TimeUnit.SECONDS);
            assertThat(cart.html()).contains("3 lines in cart").contains("Total $10.05");
        }
        try (MiniProgramSession session =
                runtime.launchLocal(zip, new LaunchOptions("pages/product/product", Map.of("id", "p2")))) {
            PageView page = session.tap("more").get(10, TimeUnit.SECONDS);
            assertThat(page.html()).contains("Blood Oranges").contains("Qty 2").contains("Subtotal $6.40");
        }
    }
}

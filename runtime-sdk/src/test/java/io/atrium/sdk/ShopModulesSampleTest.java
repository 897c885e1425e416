package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.packaging.PackageBuilder;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.ScriptCompiler;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility suite's modules-and-components app (samples/compat/shop-modules) in use: its
 * pages' texts are the suite's to check (CompatibilitySuiteTest); here, taps that go from a
 * component's event through a shared module to another page.
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
        zip = dir.resolve("shop-modules.zip");
        new PackageBuilder(PackageLimits.DEFAULT, ScriptCompiler.NONE).build(APP, zip);
    }

    @AfterEach
    void stop() {
        runtime.close();
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

package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.packaging.PackageBuilder;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.PackagePart;
import io.atrium.sdk.packaging.ScriptCompiler;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility suite's travel guide (samples/compat/travel-subpackages), built from its folder
 * as a developer keeps it: the files WeChat does not upload are left out and a trip through both
 * subpackages works (each page's texts are the compatibility suite's to check).
 */
class TravelSubpackagesSampleTest {

    private static final Path APP = Path.of("../samples/compat/travel-subpackages");

    @TempDir
    Path dir;

    private Path zip;
    private PackageBuilder.Result built;

    @BeforeEach
    void build() throws Exception {
        zip = dir.resolve("travel-subpackages.zip");
        built = new PackageBuilder(PackageLimits.DEFAULT, ScriptCompiler.NONE).build(APP, zip);
    }

    private AtriumRuntime runtime(String storage) {
        return AtriumRuntime.builder()
                .storageDir(dir.resolve(storage))
                .allowUnsigned(true)
                .build();
    }

    @Test
    void leavesOutTheDeveloperFilesAndKeepsThreePackages() {
        assertThat(built.leftOut())
                .extracting(PackageBuilder.LeftOut::path)
                .containsExactly(
                        ".gitignore",
                        "LICENSE",
                        "README.md",
                        "compat.json",
                        "cover.sketch.json",
                        "design/",
                        "project.config.json");
        assertThat(built.validated().parts())
                .extracting(PackagePart::root, p -> p.pages().size())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("", 3),
                        org.assertj.core.groups.Tuple.tuple("packageCity", 3),
                        org.assertj.core.groups.Tuple.tuple("packageBooking", 2));
    }

    @Test
    void aTripGoesThroughBothSubpackagesAndIsKept() throws Exception {
        try (MiniProgramSession s = runtime("trip").launchLocal(zip, new LaunchOptions(null, Map.of()))) {
            PageView city = s.tap("go-chengdu").get(10, TimeUnit.SECONDS);
            assertThat(city.path()).isEqualTo("packageCity/pages/city/city");
            assertThat(city.text()).contains("Pandas, teahouses and hotpot");
            assertThat(s.tap("food").get(10, TimeUnit.SECONDS).text()).contains("Eating in Chengdu", "Mapo tofu");
            s.back().get(10, TimeUnit.SECONDS);

            PageView hotel = s.tap("book").get(10, TimeUnit.SECONDS);
            assertThat(hotel.path()).isEqualTo("packageBooking/pages/hotel/hotel");
            assertThat(hotel.text()).contains("Hotels in Chengdu");
            s.tap("hotel-1").get(10, TimeUnit.SECONDS);
            s.tap("more").get(10, TimeUnit.SECONDS);
            PageView confirmed = s.tap("confirm").get(10, TimeUnit.SECONDS);
            assertThat(confirmed.path()).isEqualTo("packageBooking/pages/confirm/confirm");
            assertThat(confirmed.text()).contains("Tea Garden Hostel in Chengdu for 2 night(s)");

            PageView trips = s.tap("home").get(10, TimeUnit.SECONDS);
            assertThat(trips.path()).isEqualTo("pages/trips/trips");
            assertThat(trips.text()).contains("Chengdu: Tea Garden Hostel, 2 nights");
        }
    }
}

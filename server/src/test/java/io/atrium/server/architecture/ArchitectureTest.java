package io.atrium.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventTypes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/architecture.md, held over every module's production code. */
class ArchitectureTest {

    private static final JavaClasses ATRIUM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.atrium");

    @Test
    void everyModuleDependsOnlyOnWhatTheDesignAllows() {
        assertThat(ATRIUM.contain("io.atrium.events.miniprogram.MiniProgramEvent"))
                .isTrue();
        assertThat(ATRIUM.contain("io.atrium.command.miniprogram.MiniProgram")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.sdk.packaging.PackageValidator")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.sdk.AtriumRuntime")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.shells.cli.CliShell")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.shells.web.WebShell")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.shells.common.LaunchArguments")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.search.crawler.Crawler")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.search.crawler.CrawlWorker")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.search.index.SearchIndex")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.query.search.SearchController")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.cluster.relay.EventRelay")).isTrue();
        assertThat(ATRIUM.contain("io.atrium.testing.browser.Chromium")).isTrue();
        for (ArchRule rule : ArchitectureRules.forBase("io.atrium")) {
            rule.check(ATRIUM);
        }
    }

    @Test
    void theRulesFailWhenAModuleBreaksThem() {
        // A fixture that breaks the rules: "events" importing "command" and Spring, "command" using the
        // SDK's runtime, a shell importing the SDK's insides, "query" driving the search crawler.
        JavaClasses broken = new ClassFileImporter().importPackages("io.atrium.archfixture");
        assertThat(broken.contain("io.atrium.archfixture.events.LeakyEvent")).isTrue();
        long failures = ArchitectureRules.forBase("io.atrium.archfixture").stream()
                .filter(rule -> {
                    try {
                        rule.check(broken);
                        return false;
                    } catch (AssertionError e) {
                        return true;
                    }
                })
                .count();
        assertThat(failures).isGreaterThanOrEqualTo(5);
        assertThatThrownBy(() -> ArchitectureRules.forBase("io.atrium.archfixture")
                        .get(0)
                        .check(broken))
                .hasMessageContaining("LeakyEvent")
                .hasMessageContaining("events depends on nothing of ours");
        assertThatThrownBy(() -> ArchitectureRules.forBase("io.atrium.archfixture")
                        .get(4)
                        .check(broken))
                .hasMessageContaining("SomeAggregate")
                .hasMessageContaining("Sandbox");
        assertThatThrownBy(() -> ArchitectureRules.forBase("io.atrium.archfixture")
                        .get(7)
                        .check(broken))
                .hasMessageContaining("LeakyQuery")
                .hasMessageContaining("Indexer")
                .hasMessageContaining("violated (2 times)");
        assertThatThrownBy(() -> ArchitectureRules.forBase("io.atrium.archfixture")
                        .get(8)
                        .check(broken))
                .hasMessageContaining("LeakyShell")
                .hasMessageContaining("host shells reach the platform over HTTP");
        assertThatThrownBy(() -> ArchitectureRules.forBase("io.atrium.archfixture")
                        .get(10)
                        .check(broken))
                .hasMessageContaining("CrawlWorkerWithKeys")
                .hasMessageContaining("the crawl worker holds no framework, database, keys or index");
        assertThatThrownBy(() -> ruleSaying("micrometer-core only").check(broken))
                .hasMessageContaining("RegistryChoosingProjection")
                .hasMessageContaining("PrometheusMeterRegistry");
        assertThatThrownBy(() -> ruleSaying("carry no metrics library").check(broken))
                .hasMessageContaining("MeteredSandbox")
                .hasMessageContaining("io.micrometer.core.instrument.Counter");
    }

    /** The fixture's rule whose reason says {@code words}. */
    private static ArchRule ruleSaying(String words) {
        List<ArchRule> found = ArchitectureRules.forBase("io.atrium.archfixture").stream()
                .filter(rule -> rule.getDescription().contains(words))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void everyPackageIsNullMarked() {
        assertThat(unmarkedPackages(ATRIUM))
                .as("packages of main code without @NullMarked in their package-info.java")
                .isEmpty();
        // The check sees a package that is not marked: the fixture's packages have no package-info.
        assertThat(unmarkedPackages(new ClassFileImporter().importPackages("io.atrium.archfixture")))
                .contains("io.atrium.archfixture.events");
    }

    /** NullAway checks only @NullMarked code, so a package without the mark would be silently unchecked. */
    private static Set<String> unmarkedPackages(JavaClasses classes) {
        return classes.stream()
                .map(JavaClass::getPackage)
                .distinct()
                .filter(p -> !p.isAnnotatedWith(NullMarked.class))
                .map(JavaPackage::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyEventClassHasAStableNameInTheRegistry() {
        // A concrete event missing from EventTypes would be stored under its Java class name, and
        // the golden corpus (which walks the registry) would never see it.
        Set<String> unregistered = ATRIUM.stream()
                .filter(ArchitectureTest::isStoredEvent)
                .filter(c -> EventTypes.ALL.forClass(c.reflect()).isEmpty())
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ATRIUM.stream().filter(ArchitectureTest::isStoredEvent).count())
                .isEqualTo(EventTypes.ALL.all().size());
        assertThat(unregistered)
                .as("event classes without a registered stable name")
                .isEmpty();
    }

    /** An event class of the published language; the feed's placeholder for an unreadable row is never stored. */
    private static boolean isStoredEvent(JavaClass c) {
        return c.isAssignableTo(AtriumEvent.class)
                && !c.isInterface()
                && c.getPackageName().startsWith("io.atrium.events");
    }
}

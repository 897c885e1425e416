package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.sdk.packaging.Zips;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom components as WeChat runs them, in a recipe box written in WeChat's idiom (test resources
 * {@code components/recipes}): properties typed from the host's attributes, slots, events to the
 * page, lifetimes, behaviors, external classes, scoped styles, and a page written as a component.
 */
class ComponentsTest {

    @TempDir
    Path dir;

    RecordingHost host;
    List<String> logs;
    AtriumRuntime runtime;
    MiniProgramSession session;

    @BeforeEach
    void start() {
        host = new RecordingHost(dir);
        logs = host.logs;
        runtime = host.runtime;
    }

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
        host.close();
    }

    static Path zipOf(Path dir, String resource) throws IOException, URISyntaxException {
        Path root = Path.of(ComponentsTest.class.getResource(resource).toURI());
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        Path zip = dir.resolve(resource.replaceAll("[^a-z]", "-") + ".zip");
        Files.write(zip, Zips.zip(files));
        return zip;
    }

    MiniProgramSession launch(String page, Map<String, String> query) throws Exception {
        session = runtime.launchLocal(zipOf(dir, "/components/recipes"), new LaunchOptions(page, query));
        return session;
    }

    @Test
    void aComponentRendersItsTemplateWithTypedPropertiesSlotsAndNestedComponents() throws Exception {
        PageView page = launch(null, Map.of()).currentPage();
        String html = page.html();
        // Properties from the host's attributes, typed; the behavior's heading set in attached. A
        // passed value other than the default is a change its observer hears at once, as in WeChat.
        assertThat(html).contains(">SOUP<").contains(">STEW<");
        assertThat(page.text())
                .contains("20 min (1 changes, was 10) veg behavior;attached;ready; shown 0")
                .contains("90 min (1 changes, was 10) meat");
        // A component inside a component, once per tag; the default and the named slot, with the page's data.
        assertThat(html)
                .contains("#warm")
                .contains("#easy")
                .contains("Note for Soup")
                .contains("Footer 0");
        assertThat(html.indexOf("Note for Soup")).isLessThan(html.indexOf("Footer 0"));
        // The global component from app.json, its own module required.
        assertThat(html).contains("rated ***");
        assertThat(html).contains("no likes");
    }

    @Test
    void triggerEventReachesTheHandlerTheHostElementBinds() throws Exception {
        MiniProgramSession s = launch(null, Map.of());
        PageView after = s.tap("like-Soup").get(10, TimeUnit.SECONDS);
        assertThat(after.html()).contains("1 likes").contains("<span id=\"last\">Soup liked 1 on card-0</span>");
        assertThat(after.html()).contains("no likes"); // the other card kept its own data
    }

    @Test
    void newPropertiesReachTheComponentAndItsObserverSeesTheOldValue() throws Exception {
        MiniProgramSession s = launch(null, Map.of());
        PageView after = s.tap("slower").get(10, TimeUnit.SECONDS);
        assertThat(after.text()).contains("25 min (2 changes, was 20) veg").contains("90 min (1 changes, was 10) meat");
    }

    @Test
    void aComponentNoLongerRenderedIsDetached() throws Exception {
        MiniProgramSession s = launch(null, Map.of());
        s.tap("hide").get(10, TimeUnit.SECONDS);
        PageView after = s.tap("check").get(10, TimeUnit.SECONDS);
        assertThat(after.html()).contains("<span id=\"detached\">Stew</span>").doesNotContain("STEW");
    }

    @Test
    void pageLifetimesReachTheComponentsOfThePage() throws Exception {
        MiniProgramSession s = launch(null, Map.of());
        s.open("/pages/about/about").get(10, TimeUnit.SECONDS);
        PageView back = s.back().get(10, TimeUnit.SECONDS);
        assertThat(back.text()).contains("shown 1");
    }

    @Test
    void stylesAreScopedToTheComponentAndExternalClassesAreTheHosts() throws Exception {
        PageView page = launch(null, Map.of()).currentPage();
        String html = page.html();
        // The component's classes are its own; the external class is the page's, as the host passed it.
        assertThat(html).containsPattern("class=\"(ftc\\d+)--card highlight\"");
        assertThat(html).containsPattern("class=\"ftc\\d+--title\">SOUP");
        assertThat(html).contains("<span class=\"title\" id=\"page-title\">Recipes</span>");
        String style = page.style();
        assertThat(style).containsPattern("\\.ftc\\d+--card \\{ border");
        assertThat(style).containsPattern("\\.ftc\\d+--card \\.ftc\\d+--title \\{ font-weight");
        assertThat(style).containsPattern("\\.ftc\\d+ \\{ display: block");
        assertThat(style).containsPattern("@media \\(min-width: 600px\\) \\{ \\.ftc\\d+--card \\{ margin");
        assertThat(style).containsPattern("\\.ftc\\d+--badge \\{ color: green");
        assertThat(style).contains("padding: 2.6667vw");
        // The page's own .title (from app.wxss) is untouched, and the component's root carries its scope.
        assertThat(style).contains(".title { color: red; }");
        assertThat(html).containsPattern("<div id=\"card-0\"[^>]* class=\"ftc\\d+ ft-recipe-card\"");
    }

    @Test
    void aPageWrittenAsAComponentRunsItsMethodsAndLifetimes() throws Exception {
        MiniProgramSession s = launch("pages/about/about", Map.of("topic", "soups"));
        assertThat(s.currentPage().html())
                .contains("<span id=\"greeting\">About soups</span>")
                .contains("visits 1");
        assertThat(s.tap("visit").get(10, TimeUnit.SECONDS).html()).contains("visits 2");
    }

    @Test
    void aComponentThatContainsItselfStopsAtTheDepthLimit() {
        assertThatThrownBy(() -> launch("pages/loop/loop", Map.of()))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("nest deeper than 64");
    }

    @Test
    void componentNodesCountTowardTheRenderBudget() {
        assertThatThrownBy(() -> launch("pages/budget/budget", Map.of()))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("more than 20000 template nodes");
    }
}

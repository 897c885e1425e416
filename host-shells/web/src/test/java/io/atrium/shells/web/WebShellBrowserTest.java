package io.atrium.shells.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.testing.browser.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web host in real headless Chromium: clicks and typing reach the logic layer, and setData's update shows in the page. */
@Tag("browser")
class WebShellBrowserTest {

    static final Path SAMPLES = Path.of("../../samples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** Mini-programs that attack the host; each must fail to run anything in the page. */
    static final Path HOSTILE = Path.of("src/test/resources/hostile").toAbsolutePath();

    Path zip(String sample) throws IOException {
        return zip(SAMPLES.resolve(sample), sample);
    }

    Path zip(Path folder, String name) throws IOException {
        Path zip = dir.resolve(name + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(folder.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return zip;
    }

    WebShell start(String sample) throws Exception {
        return start(zip(sample));
    }

    WebShell start(Path zip) throws Exception {
        return WebShell.start(new String[] {
            "run",
            "--package",
            zip.toString(),
            "--allow-unsigned",
            "--port",
            "0",
            "--storage",
            dir.resolve("storage").toString()
        });
    }

    @Test
    void aClickOnAButtonShowsTheSetDataUpdate() throws Exception {
        try (WebShell shell = start("hello-atrium");
                Chromium browser = new Chromium()) {
            browser.open("http://127.0.0.1:" + shell.port() + "/");
            browser.waitFor(
                    "document.querySelector('#count') && document.querySelector('#count').textContent",
                    v -> v.asText().contains("Tapped 0 times"));
            assertThat(browser.eval("document.title").asText()).isEqualTo("Home");
            // Mark the button: if the update patches the page rather than replacing it, the mark survives.
            browser.eval("document.querySelector('#tap').dataset.mark = 'kept'");
            browser.click("#tap");
            browser.waitFor(
                    "document.querySelector('#count').textContent",
                    v -> v.asText().contains("Tapped 1 time"));
            browser.click("#tap");
            browser.waitFor(
                    "document.querySelector('#count').textContent",
                    v -> v.asText().contains("Tapped 2 times"));
            assertThat(browser.eval("document.querySelector('#tap').dataset.mark")
                            .asText())
                    .isEqualTo("kept");
            assertThat(shell.session().currentPage().data()).containsEntry("count", 2);

            // The navigator leads to the next page, and the host's back button returns.
            browser.click("a[data-ft-url]");
            browser.waitFor("document.body.innerText", v -> v.asText().contains("Sealed with AES-256-GCM"));
            browser.click("#host-back");
            browser.waitFor(
                    "document.querySelector('#count') && document.querySelector('#count').textContent",
                    v -> v.asText().contains("Tapped 2 times"));
        }
    }

    @Test
    void typingAndTappingDriveAWeChatSyntaxMiniProgram() throws Exception {
        try (WebShell shell = start("wechat-todo");
                Chromium browser = new Chromium()) {
            browser.open("http://127.0.0.1:" + shell.port() + "/");
            browser.waitFor("document.body.innerText", v -> v.asText().contains("Nothing to do."));
            browser.click("#draft");
            browser.type("buy milk");
            browser.waitFor(
                    "document.querySelector('#draft').value", v -> v.asText().equals("buy milk"));
            // The input's own handler stored the draft before the tap reads it.
            long until = System.nanoTime() + 10_000_000_000L;
            while (!"buy milk".equals(shell.session().currentPage().data().get("draft")) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            browser.click("#add");
            browser.waitFor(
                    "document.body.innerText",
                    v -> v.asText().contains("[ ] buy milk") && v.asText().contains("1 of 1 left"));
            browser.click("#todo-0");
            browser.waitFor(
                    "document.body.innerText",
                    v -> v.asText().contains("[x] buy milk") && v.asText().contains("0 of 1 left"));
            assertThat(browser.eval("document.querySelector('#todo-0').className")
                            .asText())
                    .contains("done");
        }
    }

    @Test
    void aHostileTemplateRunsNoScriptInTheHostPage() throws Exception {
        try (WebShell shell = start(zip(HOSTILE, "hostile"));
                Chromium browser = new Chromium()) {
            browser.open("http://127.0.0.1:" + shell.port() + "/");
            browser.waitFor(
                    "document.querySelector('#ready') && document.title",
                    v -> v.asText().equals("Hostile"));
            // The image's load of "x" has failed, so an onerror handler would have had its turn.
            browser.waitFor("document.querySelector('#img').complete", v -> v.asBoolean());
            browser.click("#hover");
            browser.click("#nav-href");
            browser.click("#nav-url");
            Thread.sleep(500);
            assertThat(browser.eval("document.title").asText()).isEqualTo("Hostile");
            assertThat(browser.eval("location.pathname + location.hash").asText())
                    .isEqualTo("/");
            assertThat(shell.session().currentPage().data()).containsEntry("bumped", 0);
            assertThat(browser.eval(
                                    "Array.from(document.querySelectorAll('#app *')).flatMap(e => e.getAttributeNames())"
                                            + ".filter(n => n.startsWith('on'))")
                            .size())
                    .isZero();
            assertThat(browser.eval("document.querySelector('#nav-href').hasAttribute('href')")
                            .asBoolean())
                    .isFalse();
            assertThat(browser.eval("document.querySelector('#nav-url').hasAttribute('data-ft-url')")
                            .asBoolean())
                    .isFalse();

            // Were a handler ever to slip through the renderer, the page's policy still refuses to run it.
            browser.eval(
                    "window.violations = []; document.addEventListener('securitypolicyviolation', e => violations.push(e.effectiveDirective));"
                            + " document.querySelector('#app').insertAdjacentHTML('beforeend', '<img id=\"slipped\" src=\"x\" onerror=\"document.title=1\">')");
            browser.waitFor("violations.join()", v -> v.asText().contains("script-src"));
            browser.waitFor("document.querySelector('#slipped').complete", v -> v.asBoolean());
            Thread.sleep(200);
            assertThat(browser.eval("document.title").asText()).isEqualTo("Hostile");

            // And the host still works for the legitimate button.
            browser.click("#bump");
            browser.waitFor(
                    "document.querySelector('#bump').textContent",
                    v -> v.asText().equals("1"));
        }
    }
}

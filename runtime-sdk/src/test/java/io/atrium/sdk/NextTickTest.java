package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.logic.ScriptError;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wx.nextTick}, setData's callback and an unsupported API's {@code fail} run right after the
 * code that asked for them, before the host sees the page: never on a timer, so a busy machine shows
 * the same page as an idle one. Work that keeps queueing itself is stopped by the callback's budget.
 */
class NextTickTest {

    @TempDir
    Path dir;

    RecordingHost host;

    @BeforeEach
    void start() {
        host = new RecordingHost(dir);
    }

    @AfterEach
    void stop() {
        host.close();
    }

    MiniProgramSession launch(String pageJs) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/index/index\"]}");
        files.put("app.js", "App({});");
        files.put("pages/index/index.js", pageJs);
        files.put(
                "pages/index/index.wxml",
                "<view>{{steps}}</view><button id=\"again\" bindtap=\"again\">again</button>");
        return host.launch(files, null);
    }

    @Test
    void queuedWorkRunsInOrderBeforeThePageIsAnswered() throws Exception {
        try (MiniProgramSession session = launch("""
                Page({
                  data: { steps: '' },
                  step: function (name) { this.setData({ steps: this.data.steps + name + ' ' }); },
                  onLoad: function () {
                    var page = this;
                    wx.nextTick(function () {
                      page.step('tick');
                      wx.nextTick(function () { page.step('tick-in-tick'); });
                    });
                    Promise.resolve().then(function () { page.step('promise'); });
                    this.setData({ loaded: true }, function () { page.step('set-callback'); });
                    wx.openBluetoothAdapter({ fail: function (e) { page.step(e.errMsg); } });
                    page.step('sync');
                  },
                  again: function () {
                    var page = this;
                    wx.nextTick(function () { page.step('tap-tick'); });
                  }
                });
                """)) {
            assertThat(session.currentPage().text())
                    .contains("sync promise tick set-callback openBluetoothAdapter:fail not supported tick-in-tick");
            assertThat(session.tap("again").get(10, TimeUnit.SECONDS).text()).contains("tick-in-tick tap-tick");
            assertThat(host.errors).isEmpty();
        }
    }

    @Test
    void anErrorInQueuedWorkIsReportedAndTheRestStillRuns() throws Exception {
        try (MiniProgramSession session = launch("""
                Page({
                  data: { steps: '' },
                  onLoad: function () {
                    var page = this;
                    wx.nextTick(function () { throw new Error('tick failed'); });
                    wx.nextTick(function () { page.setData({ steps: 'second ran' }); });
                  },
                  again: function () {}
                });
                """)) {
            assertThat(host.errors).extracting(ScriptError::getMessage).anyMatch(m -> m.contains("tick failed"));
            assertThat(session.tap("again").get(10, TimeUnit.SECONDS).text()).contains("second ran");
        }
    }

    @Test
    void workThatKeepsQueueingItselfIsStoppedByTheBudgetAndDropped() throws Exception {
        try (MiniProgramSession session = launch("""
                Page({
                  data: { steps: 'started' },
                  onLoad: function () {},
                  again: function () {
                    if (this.data.steps === 'started') {
                      this.setData({ steps: 'flooding' });
                      var forever = function () { wx.nextTick(forever); };
                      forever();
                    } else {
                      var page = this;
                      wx.nextTick(function () { page.setData({ steps: 'calm again' }); });
                    }
                  }
                });
                """)) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                    () -> session.tap("again").get(30, TimeUnit.SECONDS));
            assertThat(failure).hasRootCauseInstanceOf(SandboxViolation.class);
            assertThat(host.violations).extracting(SandboxViolation::kind).isNotEmpty();
            // The flood's leftovers are dropped; new work queued later runs as usual.
            assertThat(session.tap("again").get(10, TimeUnit.SECONDS).text()).contains("calm again");
        }
    }
}

package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.packaging.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    RecordingHost host;
    AtriumRuntime runtime;
    List<io.atrium.sdk.logic.ScriptError> errors;

    @BeforeEach
    void start() {
        host = new RecordingHost(dir);
        runtime = host.runtime;
        errors = host.errors;
    }

    @AfterEach
    void stop() {
        host.close();
    }

    /** The page's text after launch, with the page and one component {@code <shelf-item>}. */
    String render(String pageJs, String pageWxml, String componentJs, String componentWxml) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/index/index\"]}");
        files.put("app.js", "global.shelfLabel = 'set by app.js'; App({})");
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

    @Test
    void createAnimationCollectsStepsThatExportHandsOver() throws Exception {
        String text = render("""
                Page({
                  data: { summary: '' },
                  onLoad: function () {
                    var slide = wx.createAnimation({ duration: 300, timingFunction: 'ease' });
                    slide.opacity(0.5).translateY(10).step();
                    slide.scale(2).step({ duration: 100 });
                    var out = slide.export();
                    var first = out.actions[0];
                    this.setData({
                      summary: out.actions.length + ' steps: '
                        + first.animates.map(function (a) { return a.type + '(' + a.args.join() + ')'; }).join(' ')
                        + ' ' + first.option.transition.duration + 'ms ' + first.option.transition.timingFunction
                        + ', then ' + out.actions[1].option.transition.duration + 'ms; after export '
                        + slide.export().actions.length,
                      fade: out
                    });
                  }
                })
                """, "<view animation=\"{{fade}}\">{{summary}}</view>", "Component({})", "");
        assertThat(errors).isEmpty();
        assertThat(text).isEqualTo("2 steps: opacity(0.5) translateY(10) 300ms ease, then 100ms; after export 0");
    }

    @Test
    void globalIsOneObjectSharedByTheMiniProgramsModules() throws Exception {
        String text = render("""
                Page({
                  data: { seen: '' },
                  onLoad: function () {
                    this.setData({ seen: global.shelfLabel + ', btoa ' + typeof global.btoa });
                  }
                })
                """, "<text>{{seen}}</text>", "Component({})", "");
        assertThat(errors).isEmpty();
        assertThat(text).isEqualTo("set by app.js, btoa undefined");
    }

    @Test
    void aComponentAsksItsPagesViewThroughItsOwnSelectorQuery() throws Exception {
        String text = render(
                "Page({})",
                "<view class=\"shelf\" style=\"height: 40px\"><shelf-item/></view>",
                """
                Component({
                  data: { height: '?' },
                  lifetimes: {
                    ready: function () {
                      var self = this;
                      this.createSelectorQuery().select('.shelf').boundingClientRect(function (rect) {
                        self.setData({ height: rect.height });
                      }).exec();
                    }
                  }
                })
                """,
                "shelf {{height}}px");
        assertThat(errors).isEmpty();
        assertThat(text).isEqualTo("shelf 40px");
    }

    @Test
    void relatedComponentsLinkThroughSlotsAndUnlinkWhenOneGoes() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/index/index\"]}");
        files.put("app.js", "App({})");
        files.put("pages/index/index.json", """
                {"usingComponents": {"faq-list": "/components/faq/list", "faq-item": "/components/faq/item"}}
                """);
        files.put("pages/index/index.js", """
                Page({
                  data: { showLast: true },
                  onReady: function () { this.setData({ showLast: false }); }
                })
                """);
        files.put("pages/index/index.wxml", """
                <faq-list>
                  <faq-item question="Opening hours?"/>
                  <view><faq-item question="Parking?"/></view>
                  <faq-item wx:if="{{showLast}}" question="Pets?"/>
                </faq-list>
                """);
        files.put("components/faq/list.json", "{\"component\": true}");
        files.put("components/faq/list.js", """
                Component({
                  relations: {
                    './item': {
                      type: 'descendant',
                      linked: function (item) { this.log('linked ' + item.data.question); },
                      unlinked: function (item) { this.log('unlinked ' + item.data.question); }
                    }
                  },
                  data: { events: [] },
                  methods: {
                    log: function (line) { this.setData({ events: this.data.events.concat(line) }); }
                  },
                  lifetimes: {
                    ready: function () { this.log('ready with ' + this.getRelationNodes('./item').length); }
                  }
                })
                """);
        files.put("components/faq/list.wxml", "<slot/><text wx:for=\"{{events}}\">{{item}};</text>");
        files.put("components/faq/item.json", "{\"component\": true}");
        files.put("components/faq/item.js", """
                Component({
                  properties: { question: String },
                  data: { number: 0 },
                  relations: {
                    './list': {
                      type: 'ancestor',
                      linked: function (list) {
                        this.setData({ number: list.getRelationNodes('./item').indexOf(this) + 1 });
                      }
                    }
                  }
                })
                """);
        files.put("components/faq/item.wxml", "<text>Q{{number}} {{question}}</text>");
        Path zip = dir.resolve("faq.zip");
        Files.write(zip, Zips.zipText(files));
        try (MiniProgramSession session = runtime.launchLocal(zip, new LaunchOptions("pages/index/index", Map.of()))) {
            assertThat(errors).isEmpty();
            assertThat(session.currentPage().text().replaceAll("\\s+", " ").strip())
                    .isEqualTo("Q1 Opening hours? Q2 Parking? linked Opening hours?; linked Parking?;"
                            + " linked Pets?; ready with 3; unlinked Pets?;");
        }
    }

    @Test
    void propertiesTheHostPassesAreObservedWhenTheComponentStarts() throws Exception {
        String text = render(
                "Page({ data: { name: 'gulliver' } })",
                "<shelf-item title=\"{{name}}\" copies=\"1\"/>",
                """
                Component({
                  properties: {
                    title: String,
                    copies: { type: Number, value: 1, observer: function (now, before) {
                      this.setData({ copiesSeen: 'copies changed ' + before + '>' + now });
                    } },
                    shelf: { type: String, value: 'A' }
                  },
                  data: { heading: '', copiesSeen: 'copies not observed', shelfSeen: 'shelf not observed' },
                  observers: {
                    title: function (title) { this.setData({ heading: title.toUpperCase() }); },
                    shelf: function () { this.setData({ shelfSeen: 'shelf observed' }); }
                  }
                })
                """,
                "{{heading}}, {{copiesSeen}}, {{shelfSeen}}");
        assertThat(errors).isEmpty();
        assertThat(text).isEqualTo("GULLIVER, copies not observed, shelf not observed");
    }
}

package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.atrium.sdk.logic.SandboxLimits;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.packaging.Zips;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WXS modules in a mini-program written as WeChat developers write them, run through the runtime. */
class WxsTest {

    static final String FORMAT_WXS = """
            // Money and dates for the cart.
            var pad = function (n) {
              return n < 10 ? '0' + n : '' + n;
            };
            function price(cents) {
              return '\u00a5' + (cents / 100).toFixed(2);
            }
            function day(ms) {
              var d = getDate(ms);
              return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
            }
            module.exports = {
              price: price,
              day: day,
              CURRENCY: 'CNY'
            };
            """;
    static final String TEXT_WXS = """
            var format = require('./format.wxs');
            var spaces = getRegExp('\\\\s+', 'g');
            module.exports.slug = function (s) {
              return s.trim().toLowerCase().replace(spaces, '-');
            };
            module.exports.total = function (items) {
              var sum = 0;
              for (var i = 0; i < items.length; i++) {
                sum += items[i].cents * items[i].qty;
              }
              return format.price(sum);
            };
            """;
    static final String CART_WXML = """
            <wxs src="../../utils/format.wxs" module="fmt" />
            <wxs module="cart">
            var visible = function (items, showAll) {
              return items.filter(function (item) { return showAll || item.qty > 0; });
            };
            module.exports = {
              visible: visible,
              label: function (item) {
                item.name = item.name.toUpperCase();
                return item.name + ' x' + item.qty;
              },
              many: function (item) { return item.qty > 1; }
            };
            </wxs>
            <wxs src="/utils/text.wxs" module="text"></wxs>
            <view class="cart">
              <view wx:for="{{cart.visible(items, showAll)}}" wx:key="id" id="row-{{item.id}}"
                    class="row {{cart.many(item) ? 'many' : ''}}" data-slug="{{text.slug(item.name)}}">
                <text>{{cart.label(item)}}</text><text> {{fmt.price(item.cents)}}</text>
              </view>
              <text id="total" wx:if="{{fmt.CURRENCY == 'CNY'}}">Total {{text.total(items)}}</text>
              <text id="day">{{fmt.day(when)}}</text>
              <text id="missing">[{{items[0].price.toFixed(2)}}]</text>
              <button id="all" bindtap="showAll">all</button>
            </view>
            """;
    static final String CART_JS = """
            Page({
              data: {
                items: [
                  {id: 1, name: 'Green Tea', cents: 1250, qty: 2},
                  {id: 2, name: 'Rice Cake', cents: 300, qty: 0}
                ],
                showAll: false,
                when: 1700000000000
              },
              showAll() {
                this.setData({showAll: true});
              }
            });
            """;

    static final String PROBE_WXML = """
            <wxs module="probe">
            module.exports = {
              reach: function () {
                var found = [];
                var names = ['wx', 'ft', 'getApp', 'getCurrentPages', 'Page', 'App', 'Component', 'secret', 'leaked'];
                for (var i = 0; i < names.length; i++) {
                  if (typeof this[names[i]] !== 'undefined') found.push('this.' + names[i]);
                }
                if (typeof wx !== 'undefined') found.push('wx');
                if (typeof getApp !== 'undefined') found.push('getApp');
                if (typeof Page !== 'undefined') found.push('Page');
                if (typeof secret !== 'undefined') found.push('secret');
                if (typeof leaked !== 'undefined') found.push('leaked');
                var self = (function () { return this; })();
                if (self && self.wx) found.push('self.wx');
                var called = (function () { return this; }).call(null);
                if (called && called.wx) found.push('call.wx');
                try { require('../../pages/probe/probe.js'); found.push('require.js'); } catch (e) {}
                return found.join(',') || 'nothing';
              },
              spin: function () { while (true) {} },
              java: function () { return java.lang.System.getProperty('user.home'); },
              compile: function () { return [].constructor.constructor('return this')(); }
            };
            </wxs>
            <view>
              <text id="reach">{{probe.reach()}}</text>
              <text wx:if="{{attack == 'spin'}}">{{probe.spin()}}</text>
              <text wx:if="{{attack == 'java'}}">{{probe.java()}}</text>
              <text wx:if="{{attack == 'compile'}}">{{probe.compile()}}</text>
              <button id="spin" bindtap="attack" data-kind="spin">spin</button>
              <button id="java" bindtap="attack" data-kind="java">java</button>
              <button id="compile" bindtap="attack" data-kind="compile">compile</button>
            </view>
            """;
    static final String PROBE_JS = """
            var leaked = 'page global';
            Page({
              data: { secret: 'page data', attack: '' },
              attack(e) { this.setData({attack: e.currentTarget.dataset.kind}); }
            });
            """;

    @TempDir
    Path dir;

    final List<SandboxViolation> violations = new CopyOnWriteArrayList<>();
    /** Files that replace the app's own, for one launch. */
    final Map<String, String> overrides = new LinkedHashMap<>();

    MiniProgramSession session;

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    MiniProgramSession launch(String entry, SandboxLimits limits) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(
                "app.json",
                ("{\"pages\": [\"" + entry + "\", \""
                                + (entry.equals("pages/cart/cart") ? "pages/probe/probe" : "pages/cart/cart") + "\"]}")
                        .getBytes(StandardCharsets.UTF_8));
        files.put("app.js", "App({});".getBytes(StandardCharsets.UTF_8));
        files.put("utils/format.wxs", FORMAT_WXS.getBytes(StandardCharsets.UTF_8));
        files.put("utils/text.wxs", TEXT_WXS.getBytes(StandardCharsets.UTF_8));
        files.put("pages/cart/cart.wxml", CART_WXML.getBytes(StandardCharsets.UTF_8));
        files.put("pages/cart/cart.js", CART_JS.getBytes(StandardCharsets.UTF_8));
        files.put("pages/probe/probe.wxml", PROBE_WXML.getBytes(StandardCharsets.UTF_8));
        files.put("pages/probe/probe.js", PROBE_JS.getBytes(StandardCharsets.UTF_8));
        overrides.forEach((name, content) -> files.put(name, content.getBytes(StandardCharsets.UTF_8)));
        Path zip = dir.resolve("wxs.zip");
        Files.write(zip, Zips.zip(files));
        AtriumRuntime runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .limits(limits)
                .listener(new RuntimeListener() {
                    @Override
                    public void onViolation(SandboxViolation violation) {
                        violations.add(violation);
                    }
                })
                .build();
        session = runtime.launchLocal(zip, LaunchOptions.defaults());
        return session;
    }

    @Test
    void modulesFormatFilterAndLoopInTemplates() throws Exception {
        MiniProgramSession s = launch("pages/cart/cart", SandboxLimits.DEFAULT);
        PageView page = s.currentPage();
        assertThat(page.html())
                .contains("<div id=\"row-1\" class=\"row many\" data-slug=\"green-tea\">"
                        + "<span>GREEN TEA x2</span><span>\u00a512.50</span></div>")
                .doesNotContain("row-2")
                .contains("<span id=\"total\">Total \u00a525.00</span>")
                .contains("<span id=\"day\">2023-11-14</span>")
                // WeChat's bindings have no methods: a call of one shows nothing.
                .contains("<span id=\"missing\">[]</span>");
        // The module upper-cased its copy of the item: the page's data is as it was.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items =
                (List<Map<String, Object>>) page.data().get("items");
        assertThat(items.get(0)).containsEntry("name", "Green Tea");

        PageView all = s.tap("all").get(10, TimeUnit.SECONDS);
        assertThat(all.html())
                .contains("<div id=\"row-2\" class=\"row \" data-slug=\"rice-cake\"><span>RICE CAKE x0</span>");
    }

    @Test
    void aMissingOrFailingModuleIsAnErrorNamingTheFile() throws Exception {
        String cart = CART_WXML;
        try {
            Throwable missing = catchThrowable(
                    () -> launchWith("pages/cart/cart.wxml", cart.replace("/utils/text.wxs", "/utils/gone.wxs")));
            assertThat(missing).hasStackTraceContaining("pages/cart/cart.wxml:15: no WXS module utils/gone.wxs");
            Throwable failing = catchThrowable(
                    () -> launchWith("utils/format.wxs", FORMAT_WXS.replace("var pad", "undefinedHelper();\nvar pad")));
            assertThat(failing).hasStackTraceContaining("utils/format.wxs:2");
        } finally {
            overrides.clear();
        }
    }

    private void launchWith(String file, String content) throws Exception {
        overrides.clear();
        overrides.put(file, content);
        launch("pages/cart/cart", SandboxLimits.DEFAULT);
    }

    @Test
    void whatAModuleKeepsCountsTowardTheSessionsMemory() throws Exception {
        overrides.put("pages/probe/probe.wxml", """
                <wxs module="hoard">
                var kept = [];
                module.exports.grow = function (n) {
                  for (var i = 0; i < 3000; i++) kept.push(new Array(2000).join('x') + n + i);
                  return kept.length;
                };
                </wxs>
                <view><text>{{hoard.grow(attack)}}</text><button id="grow" bindtap="attack" data-kind="{{attack + 1}}">grow</button></view>
                """);
        overrides.put("pages/probe/probe.js", """
                Page({
                  data: { attack: 0 },
                  attack(e) { this.setData({attack: e.currentTarget.dataset.kind}); }
                });
                """);
        MiniProgramSession s = launch(
                "pages/probe/probe",
                SandboxLimits.DEFAULT.withSessionBounds(
                        Duration.ofSeconds(10), 16L << 20, 0.9, Duration.ofSeconds(60)));
        for (int i = 0; i < 10 && !s.isClosed(); i++) {
            catchThrowable(() -> s.tap("grow").get(20, TimeUnit.SECONDS));
        }
        assertThat(s.isClosed()).isTrue();
        assertThat(violations).extracting(SandboxViolation::kind).contains(SandboxViolation.Kind.RETAINED_MEMORY);
    }

    @Test
    void aModuleReachesNothingOfThePageAndItsBudgetsHold() throws Exception {
        SandboxLimits limits = new SandboxLimits(
                5_000_000, Duration.ofMillis(800), 64L << 20, 200, 1 << 16, 16, Duration.ofMillis(4), 1 << 16);
        Map<String, List<SandboxViolation.Kind>> attacks = new LinkedHashMap<>();
        attacks.put("spin", List.of(SandboxViolation.Kind.INSTRUCTION_BUDGET, SandboxViolation.Kind.TIME_BUDGET));
        attacks.put("java", List.of(SandboxViolation.Kind.ESCAPE));
        attacks.put("compile", List.of(SandboxViolation.Kind.ESCAPE));
        for (Map.Entry<String, List<SandboxViolation.Kind>> attack : attacks.entrySet()) {
            violations.clear();
            MiniProgramSession s = launch("pages/probe/probe", limits);
            assertThat(s.currentPage().text()).contains("nothing");
            Throwable thrown = catchThrowable(() -> s.tap(attack.getKey()).get(20, TimeUnit.SECONDS));
            assertThat(thrown).as(attack.getKey()).isNotNull();
            assertThat(thrown.getCause()).as(attack.getKey()).isInstanceOf(SandboxViolation.class);
            assertThat(((SandboxViolation) thrown.getCause()).kind())
                    .as(attack.getKey())
                    .isIn(attack.getValue());
            assertThat(violations).as(attack.getKey()).isNotEmpty();
            s.close();
        }
    }
}

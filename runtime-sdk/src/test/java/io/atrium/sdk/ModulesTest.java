package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.atrium.sdk.logic.ScriptError;
import io.atrium.sdk.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CommonJS in the sandbox, as WeChat runs it: every script file is a module with its own {@code
 * require}, {@code module} and {@code exports}; modules run once, cycles see partial exports, and
 * errors name the file and line they happened at.
 */
class ModulesTest {

    static final String APP_JSON = """
            {"pages": ["pages/index/index", "pages/cycle/cycle", "pages/errors/errors"]}
            """;
    // A bookshop's start-up: app.js loads the catalogue through a module, as real apps do.
    static final String APP_JS = """
            var store = require('./utils/store');
            App({
              onLaunch: function () {
                this.globalData.books = store.load();
              }
            });
            """;
    static final String STORE_JS = """
            var format = require('/utils/format.js');
            console.log('evaluating utils/store.js');
            exports.load = function () {
              return [{title: 'Dune', price: 1299}, {title: 'Emma', price: 450}];
            };
            exports.label = function (book) {
              return book.title + ' ' + format.price(book.price);
            };
            """;
    static final String FORMAT_JS = """
            console.log('evaluating utils/format.js');
            function price(cents) {
              return '$' + (cents / 100).toFixed(2);
            }
            module.exports = { price: price };
            """;
    static final String SHELF_INDEX_JS = """
            module.exports.shelfName = 'Front shelf';
            """;
    static final String INDEX_JS = """
            var store = require('../../utils/store.js');
            var format = require('/utils/format');
            var shelf = require('../../shelf');
            var sum = require('./sum').sum;
            Page({
              data: { labels: [], shelf: '', total: '' },
              onLoad: function () {
                var books = getApp().globalData.books;
                this.setData({
                  labels: books.map(store.label),
                  shelf: shelf.shelfName,
                  total: format.price(sum(books)),
                  cached: store === require('../../utils/store') && format === require('../../utils/format.js'),
                  scoped: typeof price + ' ' + typeof module.exports
                });
              }
            });
            """;
    static final String SUM_JS = """
            exports.sum = function (books) {
              var total = 0;
              for (var i = 0; i < books.length; i++) total += books[i].price;
              return total;
            };
            """;
    static final String INDEX_WXML = """
            <view>
              <text wx:for="{{labels}}" wx:key="*this" id="book-{{index}}">{{item}}</text>
              <text id="shelf">{{shelf}}</text><text id="total">{{total}}</text>
              <text id="cached">{{cached}}</text><text id="scoped">{{scoped}}</text>
            </view>
            """;
    static final String A_JS = """
            exports.name = 'a';
            var b = require('./b');
            exports.fromB = b.sawA;
            exports.done = true;
            """;
    static final String B_JS = """
            var a = require('./a');
            exports.sawA = 'name=' + a.name + ' done=' + a.done;
            """;
    static final String CYCLE_JS = """
            var a = require('../../utils/a');
            Page({
              data: { seen: a.fromB, finished: require('../../utils/a').done }
            });
            """;
    static final String CYCLE_WXML = "<view><text id=\"seen\">{{seen}}</text> <text>{{finished}}</text></view>";
    static final String ERRORS_JS = """
            Page({
              data: { result: '' },
              missing: function () {
                require('./nope');
              },
              outside: function () {
                require('../../../secrets/key');
              },
              broken: function () {
                require('../../utils/broken').fail();
              },
              syntax: function () {
                require('../../utils/bad.js');
              },
              retry: function () {
                var first = '', second = '';
                try { require('../../utils/flaky'); } catch (e) { first = e.message; }
                second = require('../../utils/flaky').ok;
                this.setData({result: first + ' then ' + second});
              }
            });
            """;
    static final String ERRORS_WXML = """
            <view><text id="result">{{result}}</text>
            <button id="missing" bindtap="missing"/><button id="outside" bindtap="outside"/>
            <button id="broken" bindtap="broken"/><button id="syntax" bindtap="syntax"/><button id="retry" bindtap="retry"/></view>
            """;
    static final String BROKEN_JS = """
            exports.fail = function () {
              var shelf = null;
              return shelf.length;
            };
            """;
    static final String BAD_JS = """
            var fine = 1;
            var = 2;
            """;
    // Fails the first time it is evaluated only (the flag lives in a module that stays cached).
    static final String FLAKY_JS = """
            var state = require('./state');
            state.tries++;
            if (state.tries === 1) throw new Error('first try fails');
            exports.ok = 'loaded on try ' + state.tries;
            """;

    @TempDir
    Path dir;

    RecordingHost host;
    List<String> logs;
    List<ScriptError> errors;
    final List<String> reads = new CopyOnWriteArrayList<>();
    AtriumRuntime runtime;

    @BeforeEach
    void start() {
        host = new RecordingHost(dir);
        logs = host.logs;
        errors = host.errors;
        runtime = host.runtime;
    }

    @AfterEach
    void stop() {
        host.close();
    }

    static Map<String, String> bookshop() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", APP_JSON);
        files.put("app.js", APP_JS);
        files.put("utils/store.js", STORE_JS);
        files.put("utils/format.js", FORMAT_JS);
        files.put("shelf/index.js", SHELF_INDEX_JS);
        files.put("pages/index/index.js", INDEX_JS);
        files.put("pages/index/sum.js", SUM_JS);
        files.put("pages/index/index.wxml", INDEX_WXML);
        files.put("utils/a.js", A_JS);
        files.put("utils/b.js", B_JS);
        files.put("pages/cycle/cycle.js", CYCLE_JS);
        files.put("pages/cycle/cycle.wxml", CYCLE_WXML);
        files.put("pages/errors/errors.js", ERRORS_JS);
        files.put("pages/errors/errors.wxml", ERRORS_WXML);
        files.put("utils/broken.js", BROKEN_JS);
        files.put("utils/bad.js", BAD_JS);
        files.put("utils/flaky.js", FLAKY_JS);
        files.put("utils/state.js", "exports.tries = 0;\n");
        files.put("utils/never.js", "this is not JavaScript at all {\n");
        return files;
    }

    MiniProgramSession launch(Map<String, String> files, @Nullable String page) throws Exception {
        return host.launch(files, page);
    }

    /** Launches from files that record every read, to see when a module's file is first read. */
    MiniProgramSession launchCounting(Map<String, String> files, @Nullable String page) {
        PackageFiles counting = new PackageFiles() {
            @Override
            public boolean contains(String path) {
                return files.containsKey(path);
            }

            @Override
            public @Nullable String read(String path) {
                reads.add(path);
                return files.get(path);
            }
        };
        return runtime.start(
                "bookshop",
                "local",
                null,
                counting,
                Policy.localDevelopment(),
                "user",
                new LaunchOptions(page, Map.of()));
    }

    static ScriptError failureOf(MiniProgramSession session, String button) {
        Throwable thrown = catchThrowable(() -> session.tap(button).get(10, TimeUnit.SECONDS));
        assertThat(thrown).as(button).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).as(button).isInstanceOf(ScriptError.class);
        return (ScriptError) thrown.getCause();
    }

    @Test
    void pagesAndTheAppRequireModulesByRelativeAndAbsolutePathsWithOrWithoutTheExtension() throws Exception {
        try (MiniProgramSession session = launch(bookshop(), null)) {
            PageView page = session.currentPage();
            assertThat(page.html())
                    .contains("<span id=\"book-0\">Dune $12.99</span>")
                    .contains("<span id=\"book-1\">Emma $4.50</span>")
                    .contains("<span id=\"shelf\">Front shelf</span>")
                    .contains("<span id=\"total\">$17.49</span>")
                    .contains("<span id=\"cached\">true</span>")
                    // The page's script is a module of its own: another module's top-level names are not its globals.
                    .contains("<span id=\"scoped\">undefined object</span>");
            // Required by app.js and the page, by four spellings: each evaluated once.
            assertThat(logs).containsOnlyOnce("evaluating utils/store.js", "evaluating utils/format.js");
            assertThat(logs.stream().filter(l -> l.startsWith("evaluating"))).hasSize(2);
        }
    }

    @Test
    void aCycleHandsTheRequirerThePartialExportsAsNodeDoes() throws Exception {
        try (MiniProgramSession session = launch(bookshop(), "pages/cycle/cycle")) {
            assertThat(session.currentPage().text())
                    .contains("name=a done=undefined")
                    .contains("true");
        }
    }

    @Test
    void aModuleFileIsReadOnlyWhenFirstRequired() throws Exception {
        try (MiniProgramSession session = launchCounting(bookshop(), null)) {
            assertThat(session.currentPage().html()).contains("Front shelf");
            assertThat(reads).doesNotContain("utils/a.js", "utils/b.js", "utils/broken.js", "utils/never.js");
            assertThat(reads.stream().filter(p -> p.equals("utils/format.js"))).hasSize(1);
            reads.clear();
            session.open("/pages/cycle/cycle").get(10, TimeUnit.SECONDS);
            assertThat(new ArrayList<>(reads))
                    .contains("utils/a.js", "utils/b.js")
                    .doesNotContain("utils/format.js");
        }
    }

    @Test
    void aMissingModuleNamesTheRequiringFileItsLineAndThePath() throws Exception {
        try (MiniProgramSession session = launch(bookshop(), "pages/errors/errors")) {
            ScriptError error = failureOf(session, "missing");
            assertThat(error.getMessage())
                    .contains("cannot find module \"./nope\" required from pages/errors/errors.js")
                    .contains("pages/errors/nope.js");
            assertThat(error.source()).isEqualTo("pages/errors/errors.js");
            assertThat(error.line()).isEqualTo(4);
            assertThat(errors).contains(error);
        }
    }

    @Test
    void aPathClimbingOutOfThePackageIsRefused() throws Exception {
        try (MiniProgramSession session = launch(bookshop(), "pages/errors/errors")) {
            ScriptError error = failureOf(session, "outside");
            assertThat(error.getMessage())
                    .contains("require(\"../../../secrets/key\") in pages/errors/errors.js leaves the package");
            assertThat(error.line()).isEqualTo(7);
        }
    }

    @Test
    void errorsInAModuleReportItsOwnFileAndLine() throws Exception {
        try (MiniProgramSession session = launch(bookshop(), "pages/errors/errors")) {
            ScriptError thrown = failureOf(session, "broken");
            assertThat(thrown.source()).isEqualTo("utils/broken.js");
            assertThat(thrown.line()).isEqualTo(3);
            ScriptError syntax = failureOf(session, "syntax");
            assertThat(syntax.source()).isEqualTo("utils/bad.js");
            assertThat(syntax.line()).isEqualTo(2);
            assertThat(syntax.getMessage()).contains("(utils/bad.js:2)");
        }
    }

    @Test
    void aModuleThatFailedIsNotCachedAndIsEvaluatedAgainOnTheNextRequire() throws Exception {
        try (MiniProgramSession session = launch(bookshop(), "pages/errors/errors")) {
            PageView page = session.tap("retry").get(10, TimeUnit.SECONDS);
            assertThat(page.html()).contains("first try fails then loaded on try 2");
        }
    }

    @Test
    void aPageScriptThatCannotStartNamesItsFileAndLine() throws Exception {
        Map<String, String> files = bookshop();
        files.put("pages/index/index.js", "var sum = require('./sum');\nvar store = require('./store');\nPage({});\n");
        assertThatThrownBy(() -> launch(files, null))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("cannot find module \"./store\" required from pages/index/index.js")
                .hasMessageContaining("(pages/index/index.js:2)");
    }

    @Test
    void eachMiniProgramHasItsOwnModules() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/p/p\"]}");
        files.put("app.js", "App({});");
        files.put("utils/counter.js", "var n = 0;\nexports.next = function () { n += 1; return n; };\n");
        files.put("pages/p/p.js", """
                var counter = require('../../utils/counter');
                Page({ data: { n: 0 }, bump: function () { this.setData({n: counter.next()}); } });
                """);
        files.put("pages/p/p.wxml", "<view><button id=\"bump\" bindtap=\"bump\">{{n}}</button></view>");
        try (MiniProgramSession one = launch(files, null);
                MiniProgramSession two = launch(files, null)) {
            one.tap("bump").get(10, TimeUnit.SECONDS);
            assertThat(one.tap("bump").get(10, TimeUnit.SECONDS).data()).containsEntry("n", 2);
            assertThat(two.tap("bump").get(10, TimeUnit.SECONDS).data()).containsEntry("n", 1);
        }
    }
}

package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.sdk.logic.SandboxLimits;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.packaging.Zips;
import io.atrium.sdk.policy.Policy;
import io.atrium.sdk.policy.PolicyDenial;
import io.atrium.sdk.view.Rendered;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole mini-program in WeChat syntax, run through the public API: lifecycle, setData, events, navigation, APIs, the policy gate. */
class RuntimeSessionTest {

    static final String APP_JSON = """
            {"pages": ["pages/index/index", "pages/detail/detail"], "window": {"navigationBarTitleText": "Test App"}}
            """;
    static final String APP_JS = """
            App({
              onLaunch(options) { console.log('app.onLaunch ' + options.path); this.globalData.started = true; },
              onShow() { console.log('app.onShow'); }
            });
            """;
    static final String INDEX_JS = """
            Page({
              data: { count: 0, todo: [{title: 'a', done: false}, {title: 'b', done: false}], user: {name: 'nobody'}, text: '' },
              onLoad(query) { console.log('index.onLoad ' + JSON.stringify(query)); if (query.name) this.setData({'user.name': query.name}); },
              onShow() { console.log('index.onShow'); },
              onReady() { console.log('index.onReady'); },
              onHide() { console.log('index.onHide'); },
              onTap() { this.setData({count: this.data.count + 1}); },
              onDone(e) { this.setData({['todo[' + e.currentTarget.dataset.index + '].done']: true}); },
              onInput(e) { this.setData({text: e.detail.value}); },
              onOpen() { wx.navigateTo({url: '../detail/detail?id=7', success: () => console.log('navigated')}); },
              onSave() { wx.setStorageSync('k', {n: this.data.count}); this.setData({saved: JSON.stringify(wx.getStorageSync('k'))}); },
              onNet() { const page = this; wx.request({url: 'https://api.example.com/x', fail(r) { page.setData({netError: r.errMsg}); }}); },
              onHost() {
                const page = this;
                wx.invokeHostApi('scan', {a: 1}, {success(r) { page.setData({scanned: r.code}); }, fail(r) { page.setData({hostError: r.errMsg}); }});
              },
              onToast() { wx.showToast({title: 'hi'}); },
              onTimer() { const page = this; setTimeout(function () { page.setData({timer: 'fired'}); }, 10); },
              onGlobal() { this.setData({started: getApp().globalData.started, pages: getCurrentPages().length}); },
              onBig() { this.setData({big: new Array(5000).join('x')}); },
              onAsk() { const page = this; wx.showModal({title: 'Sure?', content: 'Really?', success(r) { page.setData({confirmed: r.confirm}); }}); },
              onLogin() { const page = this; wx.login({success(r) { page.setData({code: r.code}); }, fail(r) { page.setData({code: r.errMsg}); }}); },
              onInfo() { this.setData({platform: wx.getSystemInfoSync().platform, can: wx.canIUse('request')}); },
              onAuth() {
                const page = this;
                wx.authorize({scope: 'scope.userLocation', success() { page.setData({auth: 'yes'}); }, fail(r) { page.setData({auth: r.errMsg}); }});
              },
              onAsyncStore() {
                const page = this;
                wx.setStorage({key: 'a', data: [1, 2], success() {
                  wx.getStorage({key: 'a', success(r) { page.setData({stored: r.data.length}); }});
                }, complete() { page.setData({completed: true}); }});
              }
            });
            """;
    static final String INDEX_WXML = """
            <view class="page">
              <text id="count">{{count}}</text>
              <text id="name">{{user.name}}</text>
              <button id="tap" bindtap="onTap">+</button>
              <view wx:for="{{todo}}" wx:key="title" id="todo-{{index}}" data-index="{{index}}" bindtap="onDone">{{item.title}} {{item.done ? 'done' : 'open'}}</view>
              <input id="field" bindinput="onInput" value="{{text}}"/>
              <text id="echo">{{text}}</text>
              <button id="open" bindtap="onOpen">open</button>
              <navigator id="nav" url="/pages/detail/detail?id=9">nav</navigator>
              <button id="save" bindtap="onSave">save</button><text wx:if="{{saved}}">saved {{saved}}</text>
              <button id="net" bindtap="onNet">net</button><text>{{netError}}</text>
              <button id="host" bindtap="onHost">host</button><text>{{scanned}}{{hostError}}</text>
              <button id="toast" bindtap="onToast">toast</button>
              <button id="timer" bindtap="onTimer">timer</button><text>{{timer}}</text>
              <button id="global" bindtap="onGlobal">global</button><text>{{started}} {{pages}}</text>
              <button id="big" bindtap="onBig">big</button>
              <button id="ask" bindtap="onAsk">ask</button><button id="login" bindtap="onLogin">login</button>
              <button id="info" bindtap="onInfo">info</button><button id="auth" bindtap="onAuth">auth</button>
              <button id="astore" bindtap="onAsyncStore">astore</button>
            </view>
            """;
    static final String DETAIL_JS = """
            Page({
              data: { id: '' },
              onLoad(query) { this.setData({id: query.id}); console.log('detail.onLoad'); },
              onUnload() { console.log('detail.onUnload'); },
              back() { wx.navigateBack(); },
              redirect() { wx.redirectTo({url: '/pages/detail/detail?id=r'}); },
              fill() {
                try { wx.setStorageSync('big', new Array(3000).join('y')); this.setData({quota: 'stored'}); }
                catch (e) { this.setData({quota: String(e.message)}); }
              }
            });
            """;
    static final String DETAIL_WXML = """
            <view><text id="id">detail {{id}} {{quota}}</text><button id="back" bindtap="back">back</button>
            <button id="redirect" bindtap="redirect">redirect</button><button id="fill" bindtap="fill">fill</button></view>
            """;

    @TempDir
    Path dir;

    final List<String> logs = new CopyOnWriteArrayList<>();
    final List<SandboxViolation> violations = new CopyOnWriteArrayList<>();
    final List<PolicyDenial> denials = new CopyOnWriteArrayList<>();
    final List<String> toasts = new CopyOnWriteArrayList<>();
    final List<List<Rendered.Patch>> patches = new CopyOnWriteArrayList<>();
    final List<String> hostApiCalls = new CopyOnWriteArrayList<>();
    MiniProgramSession session;

    static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("app.json", APP_JSON.getBytes(StandardCharsets.UTF_8));
        files.put("app.js", APP_JS.getBytes(StandardCharsets.UTF_8));
        files.put("app.wxss", ".page { padding: 20rpx; }".getBytes(StandardCharsets.UTF_8));
        files.put("pages/index/index.js", INDEX_JS.getBytes(StandardCharsets.UTF_8));
        files.put("pages/index/index.wxml", INDEX_WXML.getBytes(StandardCharsets.UTF_8));
        files.put("pages/detail/detail.js", DETAIL_JS.getBytes(StandardCharsets.UTF_8));
        files.put("pages/detail/detail.wxml", DETAIL_WXML.getBytes(StandardCharsets.UTF_8));
        files.put(
                "pages/detail/detail.json",
                "{\"navigationBarTitleText\": \"Detail\"}".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    AtriumRuntime.Builder runtime() {
        return AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .listener(new RuntimeListener() {
                    @Override
                    public void onLog(String miniProgramId, String level, String message) {
                        logs.add(message);
                    }

                    @Override
                    public void onViolation(SandboxViolation violation) {
                        violations.add(violation);
                    }

                    @Override
                    public void onPolicyDenied(PolicyDenial denial) {
                        denials.add(denial);
                    }

                    @Override
                    public void onPage(MiniProgramSession s, PageView page, List<Rendered.Patch> p) {
                        patches.add(p);
                    }
                })
                .ui(new HostUi() {
                    @Override
                    public void showToast(String miniProgramId, Toast toast) {
                        toasts.add(toast.title());
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<Boolean> showModal(String miniProgramId, Modal modal) {
                        toasts.add("modal " + modal.title() + " " + modal.content());
                        return CompletableFuture.completedFuture(Boolean.FALSE);
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<String> login(String miniProgramId) {
                        return CompletableFuture.completedFuture("code-for-" + miniProgramId);
                    }
                })
                .hostApi("scan", (mp, params) -> {
                    hostApiCalls.add(mp + " " + params);
                    return CompletableFuture.completedFuture(Map.of("code", "QR-42"));
                });
    }

    MiniProgramSession launch(AtriumRuntime runtime, Map<String, String> query) throws Exception {
        Path zip = dir.resolve("test-app.zip");
        Files.write(zip, Zips.zip(files()));
        session = runtime.launchLocal(zip, new LaunchOptions(null, query));
        return session;
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    static PageView get(CompletableFuture<PageView> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void launchRunsTheLifecycleInOrderAndRendersTheEntryPage() throws Exception {
        MiniProgramSession s = launch(runtime().build(), Map.of("name", "Ada"));
        assertThat(logs)
                .containsExactly(
                        "app.onLaunch pages/index/index",
                        "app.onShow",
                        "index.onLoad {\"name\":\"Ada\"}",
                        "index.onShow",
                        "index.onReady");
        PageView page = s.currentPage();
        assertThat(page.path()).isEqualTo("pages/index/index");
        assertThat(page.title()).isEqualTo("Test App");
        assertThat(page.rendered().find("name").orElseThrow()).isNotNull();
        assertThat(page.html()).contains("<span id=\"name\">Ada</span>");
        assertThat(page.text()).contains("Ada");
        assertThat(page.style()).contains("padding: 2.6667vw").doesNotContain("rpx");
        assertThat(s.version()).isEqualTo("local");
    }

    @Test
    void tapsReachHandlersAndSetDataWithPathKeysPatchesOnlyWhatChanged() throws Exception {
        MiniProgramSession s = launch(runtime().build(), Map.of());
        patches.clear();
        PageView after = get(s.tap("tap"));
        assertThat(after.data()).containsEntry("count", 1);
        assertThat(after.html()).contains("<span id=\"count\">1</span>");
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0)).singleElement().satisfies(p -> {
            assertThat(p.op()).isEqualTo("text");
            assertThat(p.html()).isEqualTo("1");
        });

        after = get(s.tap("todo-1"));
        assertThat(after.text()).contains("a open").contains("b done");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> todo =
                (List<Map<String, Object>>) after.data().get("todo");
        assertThat(todo.get(1)).containsEntry("done", true).containsEntry("title", "b");

        after = get(s.input("field", "typed"));
        assertThat(after.rendered().find("echo")).isPresent();
        assertThat(after.html()).contains("<span id=\"echo\">typed</span>");

        after = get(s.tap("global"));
        assertThat(after.data()).containsEntry("started", true).containsEntry("pages", 1);
    }

    @Test
    void navigationOpensHidesUnloadsAndGoesBack() throws Exception {
        MiniProgramSession s = launch(runtime().build(), Map.of());
        logs.clear();
        PageView detail = get(s.tap("open"));
        assertThat(detail.path()).isEqualTo("pages/detail/detail");
        assertThat(detail.title()).isEqualTo("Detail");
        assertThat(detail.text()).contains("detail 7");
        assertThat(s.pageStack()).containsExactly("pages/index/index", "pages/detail/detail");
        assertThat(logs).containsSubsequence("detail.onLoad", "index.onHide", "navigated");

        PageView back = get(s.tap("back"));
        assertThat(back.path()).isEqualTo("pages/index/index");
        assertThat(logs).contains("detail.onUnload");
        assertThat(s.pageStack()).containsExactly("pages/index/index");

        assertThat(get(s.tap("nav")).text()).contains("detail 9");
        assertThat(get(s.back()).path()).isEqualTo("pages/index/index");
        assertThat(get(s.open("pages/detail/detail?id=x%20y")).text()).contains("detail x y");
        assertThatThrownBy(() -> get(s.open("pages/nowhere/nowhere")))
                .hasRootCauseMessage("app.json does not list the page pages/nowhere/nowhere");
    }

    @Test
    void redirectReplacesTheTopPage() throws Exception {
        MiniProgramSession s = launch(runtime().build(), Map.of());
        get(s.open("pages/detail/detail?id=1"));
        logs.clear();
        PageView redirected = get(s.tap("redirect"));
        assertThat(redirected.text()).contains("detail r");
        assertThat(s.pageStack()).containsExactly("pages/index/index", "pages/detail/detail");
        assertThat(logs).containsSubsequence("detail.onUnload", "detail.onLoad");
    }

    @Test
    void storageOverItsQuotaFailsToTheScriptAndIsReportedToTheHost() throws Exception {
        SandboxLimits small = new SandboxLimits(
                20_000_000, Duration.ofSeconds(2), 256L << 20, 400, 1 << 20, 64, Duration.ofMillis(4), 2048);
        MiniProgramSession s = launch(runtime().limits(small).build(), Map.of());
        get(s.open("pages/detail/detail?id=q"));
        assertThat(get(s.tap("fill")).text()).contains("setStorageSync:fail storage is limited to 2048 bytes");
        assertThat(violations).extracting(SandboxViolation::kind).containsExactly(SandboxViolation.Kind.STORAGE_QUOTA);
        assertThat(s.isClosed()).isFalse();
    }

    @Test
    void storageIsKeptPerMiniProgramAndSurvivesARestart() throws Exception {
        AtriumRuntime runtime = runtime().build();
        MiniProgramSession s = launch(runtime, Map.of());
        get(s.tap("tap"));
        assertThat(get(s.tap("save")).text()).contains("saved {\"n\":1}");
        s.close();
        session = launch(runtime, Map.of());
        assertThat(get(session.tap("save")).text()).contains("saved {\"n\":0}");
        try (var stored = Files.walk(dir.resolve("host/storage"))) {
            assertThat(stored.filter(Files::isRegularFile).toList()).hasSize(1);
        }
    }

    @Test
    void localDevelopmentPolicyDeniesNetworkAndCustomApisWithoutReachingTheHost() throws Exception {
        MiniProgramSession s = launch(runtime().build(), Map.of());
        assertThat(get(s.tap("net")).text()).contains("request:fail request needs the 'network' API group");
        assertThat(get(s.tap("host")).text()).contains("invokeHostApi:scan:fail the host API 'scan' is not granted");
        assertThat(hostApiCalls).isEmpty();
        assertThat(denials).extracting(PolicyDenial::api).containsExactly("request", "invokeHostApi:scan");
    }

    @Test
    void aGrantedHostApiAndUiCallsReachTheHost() throws Exception {
        Policy policy =
                new Policy(Set.of("ui", "navigation", "storage"), Set.of("scan"), List.of(), Set.of(), List.of());
        MiniProgramSession s = launch(runtime().localPolicy(policy).build(), Map.of());
        assertThat(get(s.tap("host")).text()).contains("QR-42");
        assertThat(hostApiCalls).containsExactly("local-test-app {a=1}");
        get(s.tap("toast"));
        assertThat(toasts).containsExactly("hi");
        assertThat(denials).isEmpty();
    }

    @Test
    void hostUiLoginSystemInfoScopesAndAsyncStorageAnswerThroughCallbacks() throws Exception {
        MiniProgramSession s = launch(runtime().build(), Map.of());
        get(s.tap("ask"));
        eventually(() -> s.currentPage().data().containsKey("confirmed"));
        assertThat(s.currentPage().data()).containsEntry("confirmed", false);
        assertThat(toasts).containsExactly("modal Sure? Really?");
        get(s.tap("login"));
        eventually(() -> s.currentPage().data().containsKey("code"));
        assertThat(s.currentPage().data()).containsEntry("code", "code-for-local-test-app");
        assertThat(get(s.tap("info")).data())
                .containsEntry("platform", "atrium")
                .containsEntry("can", true);
        get(s.tap("auth"));
        eventually(() -> s.currentPage().data().containsKey("auth"));
        assertThat(s.currentPage().data().get("auth").toString())
                .isEqualTo("authorize:fail the scope 'userLocation' is not granted to this mini-program");
        assertThat(denials).extracting(PolicyDenial::api).containsExactly("authorize:scope.userLocation");
        get(s.tap("astore"));
        eventually(() -> s.currentPage().data().containsKey("stored")
                && s.currentPage().data().containsKey("completed"));
        assertThat(s.currentPage().data()).containsEntry("stored", 2);
    }

    @Test
    void aGrantedScopeIsAuthorized() throws Exception {
        Policy policy = new Policy(Set.of("auth"), Set.of(), List.of(), Set.of("userLocation"), List.of());
        MiniProgramSession s = launch(runtime().localPolicy(policy).build(), Map.of());
        get(s.tap("auth"));
        eventually(() -> s.currentPage().data().containsKey("auth"));
        assertThat(s.currentPage().data()).containsEntry("auth", "yes");
    }

    @Test
    void timersFireLaterAndTheirSetDataRenders() throws Exception {
        MiniProgramSession s = launch(runtime().build(), Map.of());
        get(s.tap("timer"));
        eventually(() -> s.currentPage().text().contains("fired"));
    }

    @Test
    void anOversizedSetDataIsStoppedAndReported() throws Exception {
        SandboxLimits small = new SandboxLimits(
                20_000_000, Duration.ofSeconds(2), 256L << 20, 400, 1024, 64, Duration.ofMillis(4), 1 << 20);
        MiniProgramSession s = launch(runtime().limits(small).build(), Map.of());
        assertThatThrownBy(() -> get(s.tap("big"))).hasCauseInstanceOf(SandboxViolation.class);
        assertThat(violations).extracting(SandboxViolation::kind).containsExactly(SandboxViolation.Kind.SET_DATA_SIZE);
        assertThat(s.currentPage().data()).doesNotContainKey("big");
        assertThat(get(s.tap("tap")).data()).containsEntry("count", 1);
    }

    @Test
    void unsignedPackagesNeedTheExplicitFlag() throws Exception {
        Path zip = dir.resolve("test-app.zip");
        Files.write(zip, Zips.zip(files()));
        AtriumRuntime strict = AtriumRuntime.builder()
                .storageDir(dir)
                .platformUrl("http://localhost:1")
                .hostApp("h", "s", "com.example.host")
                .build();
        assertThatThrownBy(() -> strict.launchLocal(zip, LaunchOptions.defaults()))
                .isInstanceOfSatisfying(
                        LaunchException.class, e -> assertThat(e.reason()).isEqualTo(LaunchException.Reason.UNSIGNED));
    }
}

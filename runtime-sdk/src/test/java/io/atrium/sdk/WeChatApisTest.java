package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.packaging.Zips;
import io.atrium.sdk.policy.Policy;
import io.atrium.sdk.policy.PolicyDenial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wx.* APIs a WeChat mini-program calls as it starts, run through the runtime: a small shop
 * written in WeChat's idiom whose pages call them in onLoad/onReady and render what they got.
 */
class WeChatApisTest {

    static final String APP_JSON = """
            {
              "pages": ["pages/index/index", "pages/unsupported/unsupported", "pages/tabs/home/home",
                        "pages/tabs/mine/mine", "pages/refresh/refresh"],
              "window": {"navigationBarTitleText": "Shop"},
              "tabBar": {"list": [
                {"pagePath": "pages/tabs/home/home", "text": "Home"},
                {"pagePath": "pages/tabs/mine/mine", "text": "Mine"}
              ]}
            }
            """;
    static final String APP_JS = """
            App({
              globalData: {},
              onLaunch() {
                const launch = wx.getLaunchOptionsSync();
                this.globalData.scene = launch.scene;
                const updates = wx.getUpdateManager();
                updates.onCheckForUpdate(function (res) { console.log('update ' + res.hasUpdate); });
                updates.onUpdateReady(function () { updates.applyUpdate(); });
                wx.reportAnalytics('launch', {scene: launch.scene});
              }
            });
            """;
    static final String INDEX_JS = """
            Page({
              data: { nick: '', visits: 0, rect: '', items: [], net: '', setting: '', ticked: 'no' },
              onLoad() {
                const page = this;
                wx.getUserInfo({
                  success(res) { page.setData({ nick: res.userInfo.nickName }); },
                  fail(err) { page.setData({ nick: err.errMsg }); }
                });
                const info = wx.getSystemInfoSync();
                const visits = (wx.getStorageSync('visits') || 0) + 1;
                wx.setStorageSync('visits', visits);
                this.setData({
                  width: info.windowWidth, sdk: info.SDKVersion, visits: visits,
                  menu: wx.getMenuButtonBoundingClientRect().right, win: wx.getWindowInfo().windowHeight,
                  env: wx.getAccountInfoSync().miniProgram.envVersion, scene: getApp().globalData.scene
                });
                wx.showToast({ title: 'Welcome', icon: 'none' });
                wx.getNetworkType({ success: res => page.setData({ net: res.networkType }) });
                wx.getSetting().then(
                  res => page.setData({ setting: Object.keys(res.authSetting).join(',') || 'none' }),
                  err => page.setData({ setting: 'refused' }));
                wx.nextTick(() => page.setData({ ticked: 'yes' }));
                wx.setStorage({ key: 'cart', data: ['tea'] }).then(() => wx.getStorage({ key: 'cart' }))
                  .then(res => page.setData({ cart: res.data[0] }));
              },
              onReady() {
                const page = this;
                wx.createSelectorQuery()
                  .select('#banner').boundingClientRect()
                  .selectAll('.goods .item').fields({ id: true, dataset: true, size: true })
                  .select('#nothing').boundingClientRect()
                  .selectViewport().scrollOffset()
                  .exec(function (res) {
                    page.setData({
                      rect: res[0].id + ' ' + res[0].width + 'x' + res[0].height + ' at ' + res[0].top,
                      items: res[1].map(n => n.dataset.name + ':' + n.id + ':' + n.width),
                      missing: String(res[2]),
                      scroll: res[3].scrollTop
                    });
                  });
              }
            });
            """;
    static final String INDEX_WXML = """
            <view class="shop">
              <view id="banner" style="height: 120px">Spring sale</view>
              <view class="goods">
                <view class="item" id="g1" data-name="tea">Tea</view>
                <view class="item" id="g2" data-name="cake">Cake</view>
              </view>
              <view class="item" id="outside" data-name="ad">not in goods</view>
              <text id="nick">nick {{nick}}</text>
              <text id="sys">width {{width}} sdk {{sdk}} menu {{menu}} win {{win}} env {{env}} scene {{scene}}</text>
              <text id="visits">visits {{visits}} cart {{cart}}</text>
              <text id="net">net {{net}} setting {{setting}} ticked {{ticked}}</text>
              <text id="rect">rect {{rect}} missing {{missing}} scroll {{scroll}}</text>
              <text wx:for="{{items}}" wx:key="*this" class="found">found {{item}}</text>
            </view>
            """;
    static final String UNSUPPORTED_JS = """
            Page({
              data: {},
              onLoad() {
                const page = this;
                wx.openBluetoothAdapter({
                  success() { page.setData({ bt: 'opened?' }); },
                  fail(err) { page.setData({ btFail: err.errMsg }); },
                  complete(res) { page.setData({ btComplete: res.errMsg }); }
                });
                wx.startWifi().then(() => page.setData({ wifi: 'started?' }), err => page.setData({ wifi: err.errMsg }));
                try {
                  wx.getBatteryInfoSync();
                  page.setData({ battery: 'answered?' });
                } catch (e) {
                  page.setData({ battery: e.message });
                }
                try {
                  wx.createCanvasContext('chart');
                } catch (e) {
                  page.setData({ canvas: e.message });
                }
                wx.onAppShow(function () { page.setData({ shown: 'called?' }); });
                page.setData({
                  can: [wx.canIUse('openBluetoothAdapter'), wx.canIUse('showToast'), wx.canIUse('getSystemInfoSync.return.windowWidth')].join(','),
                  unknown: typeof wx.noSuchWeChatApi
                });
                wx.getClipboardData({ fail: err => page.setData({ clip: err.errMsg }) });
                wx.showModal({ title: 'Hi', content: 'there' }).then(res => page.setData({ modal: res.confirm ? 'confirmed' : 'cancelled' }));
                wx.showActionSheet({ itemList: ['a', 'b'] }).catch(err => page.setData({ sheet: err.errMsg }));
              }
            });
            """;
    static final String UNSUPPORTED_WXML = """
            <view>
              <text>bt {{btFail}} / {{btComplete}} {{bt}}</text>
              <text>wifi {{wifi}}</text>
              <text>battery {{battery}}</text>
              <text>canvas {{canvas}}</text>
              <text>can {{can}} unknown {{unknown}} {{shown}}</text>
              <text>clip {{clip}} modal {{modal}} sheet {{sheet}}</text>
            </view>
            """;
    static final String HOME_JS = """
            Page({
              data: { pages: 0 },
              onLoad() {
                wx.setTabBarBadge({ index: 1, text: '3' });
                wx.showTabBarRedDot({ index: 0 });
                wx.setNavigationBarTitle({ title: 'Home' });
                wx.setNavigationBarColor({ frontColor: '#ffffff', backgroundColor: '#07c160' });
                wx.showNavigationBarLoading();
                const page = this;
                wx.setTabBarBadge({ index: 5, text: 'x', fail: err => page.setData({ badge: err.errMsg }) });
                wx.switchTab({ url: '/pages/index/index' }).catch(err => page.setData({ notTab: err.errMsg }));
                wx.vibrateShort({ type: 'light' });
              },
              goMine() { wx.switchTab({ url: '/pages/tabs/mine/mine' }); },
              goDeeper() { wx.navigateTo({ url: '/pages/refresh/refresh' }); }
            });
            """;
    static final String HOME_WXML = """
            <view><text>home {{badge}} / {{notTab}}</text>
            <button id="mine" bindtap="goMine">mine</button><button id="deeper" bindtap="goDeeper">deeper</button></view>
            """;
    static final String MINE_JS = """
            Page({
              onLoad() { this.setData({ depth: getCurrentPages().length, route: getCurrentPages()[0].route }); }
            });
            """;
    static final String MINE_WXML = "<view>mine depth {{depth}} {{route}}</view>";
    static final String REFRESH_JS = """
            Page({
              data: { refreshed: 'no' },
              onLoad() { wx.startPullDownRefresh(); },
              onPullDownRefresh() {
                this.setData({ refreshed: 'yes' });
                wx.stopPullDownRefresh();
              }
            });
            """;
    static final String REFRESH_WXML = "<view>refreshed {{refreshed}}</view>";

    @TempDir
    Path dir;

    final List<String> toasts = new CopyOnWriteArrayList<>();
    final List<Object> bars = new CopyOnWriteArrayList<>();
    final List<PolicyDenial> denials = new CopyOnWriteArrayList<>();
    MiniProgramSession session;

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    AtriumRuntime.Builder runtime() {
        return AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .listener(new RuntimeListener() {
                    @Override
                    public void onPolicyDenied(PolicyDenial denial) {
                        denials.add(denial);
                    }
                })
                .ui(new HostUi() {
                    @Override
                    public void showToast(String miniProgramId, Toast toast) {
                        toasts.add(toast.title());
                    }

                    @Override
                    public CompletionStage<Boolean> showModal(String miniProgramId, Modal modal) {
                        return CompletableFuture.completedFuture(Boolean.TRUE);
                    }

                    @Override
                    public CompletionStage<UserInfo> userInfo(String miniProgramId) {
                        return CompletableFuture.completedFuture(new UserInfo("Ada", "", 2, "", "", "", "en"));
                    }

                    @Override
                    public CompletionStage<String> networkType(String miniProgramId) {
                        return CompletableFuture.completedFuture("wifi");
                    }

                    @Override
                    public void updateTabBar(String miniProgramId, TabBarChange change) {
                        bars.add(change);
                    }

                    @Override
                    public void setNavigationBarColor(String miniProgramId, BarColor color) {
                        bars.add(color);
                    }

                    @Override
                    public void setNavigationBarLoading(String miniProgramId, boolean loading) {
                        bars.add("loading " + loading);
                    }
                });
    }

    MiniProgramSession launch(AtriumRuntime runtime, String page) throws Exception {
        return launch(runtime, page, Map.of());
    }

    MiniProgramSession launch(AtriumRuntime runtime, String page, Map<String, String> replaced) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        put(files, "app.json", APP_JSON);
        put(files, "app.js", APP_JS);
        put(files, "pages/index/index.js", INDEX_JS);
        put(files, "pages/index/index.wxml", INDEX_WXML);
        put(files, "pages/unsupported/unsupported.js", UNSUPPORTED_JS);
        put(files, "pages/unsupported/unsupported.wxml", UNSUPPORTED_WXML);
        put(files, "pages/tabs/home/home.js", HOME_JS);
        put(files, "pages/tabs/home/home.wxml", HOME_WXML);
        put(files, "pages/tabs/mine/mine.js", MINE_JS);
        put(files, "pages/tabs/mine/mine.wxml", MINE_WXML);
        put(files, "pages/refresh/refresh.js", REFRESH_JS);
        put(files, "pages/refresh/refresh.wxml", REFRESH_WXML);
        replaced.forEach((name, text) -> put(files, name, text));
        Path zip = dir.resolve("shop.zip");
        Files.write(zip, Zips.zip(files));
        session = runtime.launchLocal(zip, new LaunchOptions(page, Map.of()));
        return session;
    }

    private static void put(Map<String, byte[]> files, String name, String text) {
        files.put(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void startUpApisAnswerThroughTheHostAndRenderTheirResults() throws Exception {
        MiniProgramSession s = launch(runtime().build(), "pages/index/index");
        String text = s.currentPage().text();
        assertThat(text)
                .contains("nick Ada")
                .contains("width 375 sdk 3.0.0 menu 368 win 667 env develop scene 1001")
                .contains("visits 1 cart tea")
                .contains("net wifi setting scope.userInfo ticked yes");
        assertThat(toasts).containsExactly("Welcome");
    }

    @Test
    void selectorQueryAnswersFromTheRenderedView() throws Exception {
        MiniProgramSession s = launch(runtime().build(), "pages/index/index");
        String text = s.currentPage().text();
        // The banner's inline height is honoured; it is first on the page, full width.
        assertThat(text).contains("rect banner 375x120 at 0");
        // A descendant selector keeps the item outside .goods out; each item is one line high.
        assertThat(text)
                .contains("found tea:g1:375")
                .contains("found cake:g2:375")
                .doesNotContain("found ad");
        assertThat(text).contains("missing null").contains("scroll 0");
    }

    @Test
    void apisThisHostLacksFailCleanlyThroughCallbacksPromisesAndErrors() throws Exception {
        MiniProgramSession s = launch(runtime().build(), "pages/unsupported/unsupported");
        String text = s.currentPage().text();
        assertThat(text)
                .contains("bt openBluetoothAdapter:fail not supported / openBluetoothAdapter:fail not supported")
                .doesNotContain("opened?")
                .contains("wifi startWifi:fail not supported")
                .contains("battery getBatteryInfoSync:fail not supported")
                .contains("canvas createCanvasContext:fail not supported")
                .contains("can false,true,true unknown undefined")
                .doesNotContain("called?")
                // The host gives no clipboard: its default answers as WeChat does for a missing API.
                .contains("clip getClipboardData:fail not supported")
                .contains("modal confirmed")
                .contains("sheet showActionSheet:fail cancel");
    }

    @Test
    void theHostsPolicyStillGatesEveryCallWhateverTheStyle() throws Exception {
        // Device facts granted, the clipboard not: reading what the user copied is a group of its own.
        Policy noClipboard =
                new Policy(Set.of("ui", "navigation", "storage", "device"), Set.of(), List.of(), Set.of(), List.of());
        MiniProgramSession s = launch(runtime().localPolicy(noClipboard).build(), "pages/unsupported/unsupported");
        assertThat(s.currentPage().text())
                .contains("clip getClipboardData:fail getClipboardData needs the 'clipboard' API group");
        assertThat(denials).extracting(PolicyDenial::api).contains("getClipboardData");

        session.close();
        // Refused through a callback and through a promise alike.
        Policy noAuth =
                new Policy(Set.of("ui", "navigation", "storage", "device"), Set.of(), List.of(), Set.of(), List.of());
        MiniProgramSession index = launch(runtime().localPolicy(noAuth).build(), "pages/index/index");
        assertThat(index.currentPage().text())
                .contains("nick getUserInfo:fail getUserInfo needs the 'auth' API group")
                .contains("setting refused");

        session.close();
        // The auth group without the userInfo scope: who the user is stays unknown.
        Policy noScope = new Policy(
                Set.of("ui", "navigation", "storage", "device", "auth"), Set.of(), List.of(), Set.of(), List.of());
        MiniProgramSession unscoped = launch(runtime().localPolicy(noScope).build(), "pages/index/index");
        assertThat(unscoped.currentPage().text())
                .contains("nick getUserInfo:fail the scope 'userInfo' is not granted to this mini-program");
        assertThat(denials).extracting(PolicyDenial::api).contains("getUserInfo");

        session.close();
        Policy withScope = new Policy(
                Set.of("ui", "navigation", "storage", "device", "auth"),
                Set.of(),
                List.of(),
                Set.of("userInfo"),
                List.of());
        MiniProgramSession granted = launch(runtime().localPolicy(withScope).build(), "pages/index/index");
        assertThat(granted.currentPage().text()).contains("nick Ada").contains("setting scope.userInfo");
    }

    @Test
    void tabBarAndNavigationBarReachTheHostAndSwitchTabKeepsToTabPages() throws Exception {
        MiniProgramSession s = launch(runtime().build(), "pages/tabs/home/home");
        assertThat(s.currentPage().text())
                .contains("home setTabBarBadge:fail tabbar item not found (index 5)")
                .contains("switchTab:fail can not switch to no-tabBar page");
        assertThat(s.currentPage().title()).isEqualTo("Home");
        assertThat(bars)
                .contains(
                        new HostUi.TabBarChange.Badge(1, "3"),
                        new HostUi.TabBarChange.RedDot(0, true),
                        new HostUi.BarColor("#ffffff", "#07c160"),
                        "loading true");

        PageView deeper = s.tap("deeper").get(10, TimeUnit.SECONDS);
        assertThat(deeper.text()).contains("refreshed yes");
        assertThat(s.pageStack()).hasSize(2);
        s.back().get(10, TimeUnit.SECONDS);
        PageView mine = s.tap("mine").get(10, TimeUnit.SECONDS);
        assertThat(mine.text()).contains("mine depth 1 pages/tabs/mine/mine");
        assertThat(s.pageStack()).containsExactly("pages/tabs/mine/mine");
    }

    @Test
    void promiseJobsRunInsideTheCallbacksBudget() {
        // Jobs that queue jobs for ever must be stopped like a loop, not hold the mini-program's thread.
        String endless = "Page({ onLoad() { const again = () => Promise.resolve().then(again); again(); } });";
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        launch(runtime().build(), "pages/refresh/refresh", Map.of("pages/refresh/refresh.js", endless)))
                .isInstanceOf(LaunchException.class)
                .hasCauseInstanceOf(io.atrium.sdk.logic.SandboxViolation.class);
    }
}

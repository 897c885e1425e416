package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.sdk.packaging.PackageBuilder;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.PackagePart;
import io.atrium.sdk.packaging.ScriptCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tea shop in WeChat's idiom with two subpackages, built from its folder by the package builder
 * and run: navigation into a subpackage, within it by relative URL, back out to the main package,
 * and a launch straight into a subpackage's page.
 */
class SubpackageSessionTest {

    private static final Map<String, String> SHOP = new LinkedHashMap<>();

    static {
        SHOP.put("app.json", """
                {
                  "pages": ["pages/index/index", "pages/cart/cart"],
                  "subpackages": [
                    {"root": "packageGoods", "name": "goods", "pages": ["pages/list/list", "pages/detail/detail"]},
                    {"root": "packageUser/", "pages": ["profile/profile"], "independent": true}
                  ],
                  "window": {"navigationBarTitleText": "Tea Shop"}
                }
                """);
        SHOP.put("app.js", """
                App({
                  globalData: { cart: [] },
                  onLaunch: function (options) { console.log('launch ' + options.path); }
                });
                """);
        SHOP.put("pages/index/index.wxml", """
                <view class="home">
                  <text>{{greeting}}</text>
                  <button id="green" bindtap="openCategory" data-cat="green">Green tea</button>
                </view>
                """);
        SHOP.put("pages/index/index.js", """
                Page({
                  data: { greeting: 'Welcome to the tea shop' },
                  openCategory: function (e) {
                    wx.navigateTo({ url: '/packageGoods/pages/list/list?cat=' + e.currentTarget.dataset.cat });
                  }
                });
                """);
        SHOP.put("pages/cart/cart.wxml", "<view><text>Cart: {{count}} item(s)</text></view>\n");
        SHOP.put("pages/cart/cart.js", """
                Page({
                  data: { count: 0 },
                  onShow: function () { this.setData({ count: getApp().globalData.cart.length }); }
                });
                """);
        SHOP.put("packageGoods/pages/list/list.wxml", """
                <view>
                  <text>Category {{cat}}</text>
                  <navigator id="first" url="../detail/detail?id={{teas[0].id}}">{{teas[0].name}}</navigator>
                </view>
                """);
        SHOP.put("packageGoods/pages/list/list.js", """
                Page({
                  data: { cat: '', teas: [] },
                  onLoad: function (query) {
                    this.setData({ cat: query.cat, teas: [{ id: 'lj', name: 'Longjing' }, { id: 'bl', name: 'Biluochun' }] });
                  }
                });
                """);
        SHOP.put("packageGoods/pages/list/list.json", "{\"navigationBarTitleText\": \"Teas\"}\n");
        SHOP.put("packageGoods/pages/detail/detail.wxml", """
                <view class="detail"><text>Tea {{id}}</text><button id="buy" bindtap="buy">Add to cart</button></view>
                """);
        SHOP.put("packageGoods/pages/detail/detail.wxss", ".detail { padding: 24rpx; }\n");
        SHOP.put("packageGoods/pages/detail/detail.js", """
                Page({
                  data: { id: '' },
                  onLoad: function (query) { this.setData({ id: query.id }); },
                  buy: function () {
                    getApp().globalData.cart.push(this.data.id);
                    wx.navigateTo({ url: '/pages/cart/cart' });
                  }
                });
                """);
        SHOP.put("packageUser/profile/profile.wxml", "<view><text>Profile of {{name}}</text></view>\n");
        SHOP.put("packageUser/profile/profile.js", """
                Page({
                  data: { name: '' },
                  onLoad: function (query) { this.setData({ name: query.name || 'guest' }); }
                });
                """);
        SHOP.put("README.md", "# Tea shop\n");
    }

    @TempDir
    Path dir;

    private final List<String> logs = new CopyOnWriteArrayList<>();
    private MiniProgramSession session;

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private Path built() throws Exception {
        Path folder = dir.resolve("tea-shop");
        for (Map.Entry<String, String> file : SHOP.entrySet()) {
            Path path = folder.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        Path zip = dir.resolve("tea-shop.zip");
        PackageBuilder.Result result =
                new PackageBuilder(PackageLimits.DEFAULT, ScriptCompiler.NONE).build(folder, zip);
        assertThat(result.validated().parts())
                .extracting(PackagePart::root)
                .containsExactly("", "packageGoods", "packageUser");
        return zip;
    }

    private MiniProgramSession launch(LaunchOptions options) throws Exception {
        AtriumRuntime runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .listener(new RuntimeListener() {
                    @Override
                    public void onLog(String miniProgramId, String level, String message) {
                        logs.add(message);
                    }
                })
                .build();
        session = runtime.launchLocal(built(), options);
        return session;
    }

    private static PageView get(CompletableFuture<PageView> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void navigatesIntoASubpackageWithinItAndBackToTheMainPackage() throws Exception {
        MiniProgramSession s = launch(new LaunchOptions(null, Map.of()));
        assertThat(s.currentPage().text()).contains("Welcome to the tea shop");

        PageView list = get(s.tap("green"));
        assertThat(list.path()).isEqualTo("packageGoods/pages/list/list");
        assertThat(list.title()).isEqualTo("Teas");
        assertThat(list.text()).contains("Category green").contains("Longjing");

        PageView detail = get(s.tap("first"));
        assertThat(detail.path()).isEqualTo("packageGoods/pages/detail/detail");
        assertThat(detail.text()).contains("Tea lj");
        assertThat(detail.style()).contains("padding");

        PageView cart = get(s.tap("buy"));
        assertThat(cart.path()).isEqualTo("pages/cart/cart");
        assertThat(cart.text()).contains("Cart: 1 item(s)");
        assertThat(s.pageStack())
                .containsExactly(
                        "pages/index/index",
                        "packageGoods/pages/list/list",
                        "packageGoods/pages/detail/detail",
                        "pages/cart/cart");
        assertThatThrownBy(() -> get(s.open("packageGoods/pages/nowhere/nowhere")))
                .hasRootCauseMessage("app.json does not list the page packageGoods/pages/nowhere/nowhere");
    }

    @Test
    void launchesStraightIntoASubpackagesPage() throws Exception {
        MiniProgramSession s = launch(new LaunchOptions("/packageUser/profile/profile", Map.of("name", "Lu Yu")));
        assertThat(s.currentPage().path()).isEqualTo("packageUser/profile/profile");
        assertThat(s.currentPage().text()).contains("Profile of Lu Yu");
        assertThat(logs).contains("launch packageUser/profile/profile");
    }
}

package io.atrium.search.crawler;

import io.atrium.sdk.packaging.OpenedPackage;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.PackageSealer;
import io.atrium.sdk.packaging.PlatformKey;
import io.atrium.sdk.packaging.Zips;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Mini-programs for the crawler's tests, sealed and opened as the platform does. */
public final class TestPackages {

    static final PlatformKey KEY = PlatformKey.generate();

    private TestPackages() {}

    public static OpenedPackage open(String miniProgramId, String version, Map<String, String> files) {
        try {
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();
            PackageSealer.Result result = new PackageSealer(KEY, PackageLimits.DEFAULT)
                    .seal(new ByteArrayInputStream(Zips.zipText(files)), miniProgramId, version, sealed);
            return OpenedPackage.open(sealed.toByteArray(), KEY, result.dataKey(), miniProgramId, version);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A shop: a listing linking to items by query, an about page, a broken page, a looping page, an admin page the sitemap hides. */
    public static Map<String, String> shop() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", """
                {"pages": ["pages/index/index", "pages/item/item", "pages/about/about", "pages/broken/broken", "pages/loop/loop", "pages/admin/admin"],
                 "window": {"navigationBarTitleText": "Tea Shop"}}""");
        files.put("app.js", "App({});");
        files.put("sitemap.json", """
                {"rules": [{"action": "disallow", "page": "pages/admin/admin"}, {"action": "allow", "page": "*"}]}""");
        files.put("pages/index/index.js", """
                Page({ data: { items: [{id: 1, name: 'Green tea'}, {id: 2, name: 'Oolong'}, {id: 1, name: 'Green tea again'}] } });""");
        files.put("pages/index/index.wxml", """
                <view><text class="title">Our teas</text>
                  <navigator wx:for="{{items}}" wx:key="name" url="/pages/item/item?id={{item.id}}">{{item.name}}</navigator>
                  <navigator url="../about/about">About us</navigator>
                  <navigator url="/pages/nowhere/nowhere">Broken link</navigator>
                  <view hidden="{{true}}">secret staff notes</view>
                </view>""");
        files.put("pages/index/index.json", "{\"navigationBarTitleText\": \"Teas\"}");
        files.put("pages/item/item.js", """
                Page({ data: { id: '', name: '' }, onLoad(q) { const names = {'1': 'Green tea from Hangzhou 龙井', '2': 'Oolong from Fujian 乌龙'};
                  this.setData({ id: q.id || '', name: names[q.id] || 'Pick a tea' }); } });""");
        files.put("pages/item/item.wxml", "<view><text class=\"title\">{{name}}</text><text>Item {{id}}</text></view>");
        files.put("pages/about/about.js", "Page({});");
        files.put(
                "pages/about/about.wxml",
                "<view><text class=\"heading\">About</text><text>Family tea growers since 1910</text></view>");
        files.put("pages/broken/broken.js", "Page({ onLoad() { null.x; } });");
        files.put("pages/broken/broken.wxml", "<view>never</view>");
        files.put("pages/loop/loop.js", "Page({ onLoad() { while (true) {} } });");
        files.put("pages/loop/loop.wxml", "<view>never</view>");
        files.put("pages/admin/admin.js", "Page({});");
        files.put("pages/admin/admin.wxml", "<view>admin only</view>");
        return files;
    }

    /**
     * A mini-program of the hostile corpus ({@code src/test/resources/hostile/<name>/}): its files
     * by package path, app.json first as a package has it.
     */
    public static Map<String, String> hostile(String name) {
        Path root;
        try {
            root = Path.of(TestPackages.class
                            .getResource("/hostile/" + name + "/app.json")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no hostile mini-program " + name, e);
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("app.json", files.remove("app.json"));
        ordered.putAll(files);
        return ordered;
    }
}

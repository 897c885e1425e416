package io.atrium.bench.runtime;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.LaunchOptions;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.UserAttributes;
import io.atrium.sdk.packaging.HostDataKeys;
import io.atrium.sdk.packaging.KeyWrap;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.PackageSealer;
import io.atrium.sdk.packaging.PlatformKey;
import io.atrium.sdk.packaging.Zips;
import io.atrium.sdk.policy.Policy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' mini-program, sealed as the platform seals it: ten pages in WeChat syntax, the
 * first a list whose page holds 200 elements, and a runtime that launches it as a host would.
 */
final class Samples {

    static final String HOST = "host-bench";
    static final String SECRET = "bench-secret";
    static final String MP = "mp-bench";
    static final String VERSION = "1.0.0";
    static final int ROWS = 66; // 66 rows of 3 elements, plus the page's view and button: 200 elements

    final byte[] sealed;
    final String wrappedKey;
    final PlatformKey key = PlatformKey.generate();

    Samples() {
        this(files());
    }

    /** Another mini-program, sealed the same way. */
    Samples(Map<String, byte[]> files) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PackageSealer.Result result = new PackageSealer(key, PackageLimits.DEFAULT)
                    .seal(new ByteArrayInputStream(Zips.zip(files)), MP, VERSION, out);
            sealed = out.toByteArray();
            wrappedKey = KeyWrap.wrap(
                    HostDataKeys.hostKek(SECRET, HOST), result.dataKey(), HostDataKeys.context(HOST, MP, VERSION));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AtriumRuntime runtime(Path storage) {
        return AtriumRuntime.builder()
                .hostApp(HOST, SECRET, "com.example.bench")
                .platformKey(key)
                .storageDir(storage)
                .build();
    }

    MiniProgramSession launch(AtriumRuntime runtime) {
        return runtime.launchSealed(
                sealed,
                MP,
                VERSION,
                wrappedKey,
                Policy.localDevelopment(),
                UserAttributes.of("bench-user"),
                LaunchOptions.defaults());
    }

    static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> pages = new ArrayList<>();
        pages.add("pages/list/list");
        for (int i = 1; i < 10; i++) {
            pages.add("pages/p" + i + "/p" + i);
        }
        put(
                files,
                "app.json",
                "{\"pages\": ["
                        + String.join(
                                ", ", pages.stream().map(p -> "\"" + p + "\"").toList())
                        + "], \"window\": {\"navigationBarTitleText\": \"Bench\"}}");
        put(files, "app.js", "App({ onLaunch() { this.globalData.started = Date.now(); }, globalData: {} });");
        put(files, "app.wxss", ".row { padding: 12rpx; } .title { font-size: 32rpx; }");
        put(files, "pages/list/list.js", """
                Page({
                  data: { items: [], total: 0 },
                  onLoad(query) {
                    const items = [];
                    for (let i = 0; i < %d; i++) items.push({ id: 'i' + i, title: 'Item ' + i, n: i });
                    this.setData({ items: items, total: items.length });
                  },
                  inc() {
                    this.ticks = (this.ticks || 0) + 1;
                    const i = this.ticks %% %d;
                    this.setData({ ['items[' + i + '].n']: this.ticks });
                  }
                });
                """.formatted(ROWS, ROWS));
        put(files, "pages/list/list.wxml", """
                <view class="list">
                  <view wx:for="{{items}}" wx:key="id" class="row" data-id="{{item.id}}"><text class="title">{{item.title}}</text><text>{{item.n}}</text></view>
                  <button id="inc" bindtap="inc">{{total}} items</button>
                </view>
                """);
        for (int i = 1; i < 10; i++) {
            put(
                    files,
                    "pages/p" + i + "/p" + i + ".js",
                    "Page({ data: { n: " + i + ", rows: [1, 2, 3, 4, 5] }, onLoad(q) { this.setData({ q: q }); } });");
            put(
                    files,
                    "pages/p" + i + "/p" + i + ".wxml",
                    "<view><text>Page {{n}}</text><view wx:for=\"{{rows}}\">Row {{item}}</view>"
                            + "<navigator url=\"/pages/list/list\">List</navigator></view>");
        }
        return files;
    }

    static void put(Map<String, byte[]> files, String path, String text) {
        files.put(path, text.getBytes(StandardCharsets.UTF_8));
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("atrium-bench-runtime");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

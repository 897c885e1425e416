package io.atrium.bench.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mini-program split as real ones are: its entry page requires a chain of modules (a price
 * formatter that requires a currency table, a cart that requires both) and renders a list of
 * {@value #CARDS} product cards, each a custom component with a named and a default slot and a
 * badge component inside, so the page holds {@value #CARDS} x 2 component instances. Scripts are
 * ES5, as the platform stores them after compiling.
 */
final class ComponentSamples {

    static final int CARDS = 40;

    private ComponentSamples() {}

    static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Samples.put(
                files,
                "app.json",
                "{\"pages\": [\"pages/shop/shop\", \"pages/about/about\"],"
                        + " \"usingComponents\": {\"badge\": \"/components/badge/badge\"},"
                        + " \"window\": {\"navigationBarTitleText\": \"Shop\"}}");
        Samples.put(
                files,
                "app.js",
                "var cart = require('./utils/cart.js');\nApp({ globalData: { cart: cart.create() } });");
        Samples.put(files, "app.wxss", ".card { padding: 12rpx; }");
        Samples.put(files, "utils/currency.js", "module.exports = { symbol: '¥', digits: 2 };");
        Samples.put(files, "utils/price.js", """
                var currency = require('./currency');
                exports.format = function (cents) {
                  return currency.symbol + (cents / 100).toFixed(currency.digits);
                };
                """);
        Samples.put(files, "utils/cart.js", """
                var price = require('/utils/price.js');
                var currency = require('./currency.js');
                exports.create = function () {
                  var lines = [];
                  return {
                    add: function (id, cents) { lines.push({ id: id, cents: cents }); },
                    total: function () {
                      var sum = 0;
                      for (var i = 0; i < lines.length; i++) sum += lines[i].cents;
                      return price.format(sum);
                    },
                    currency: currency.symbol
                  };
                };
                """);
        Samples.put(files, "components/badge/badge.json", "{\"component\": true}");
        Samples.put(files, "components/badge/badge.js", """
                Component({
                  properties: { count: { type: Number, value: 0 } },
                  data: { hot: false },
                  observers: { count: function (n) { this.setData({ hot: n > 5 }); } },
                  methods: {}
                });
                """);
        Samples.put(
                files, "components/badge/badge.wxml", "<text class=\"badge {{hot ? 'hot' : ''}}\">{{count}}</text>");
        Samples.put(files, "components/badge/badge.wxss", ".badge { color: red; } .hot { font-weight: bold; }");
        Samples.put(files, "components/card/card.json", "{\"component\": true, \"usingComponents\": {}}");
        Samples.put(files, "components/card/card.js", """
                var price = require('../../utils/price');
                Component({
                  options: { multipleSlots: true },
                  properties: {
                    title: String,
                    cents: { type: Number, value: 0 },
                    count: { type: Number, value: 0 }
                  },
                  data: { label: '' },
                  lifetimes: {
                    attached: function () { this.setData({ label: price.format(this.data.cents) }); }
                  },
                  methods: {
                    onBuy: function () { this.triggerEvent('buy', { title: this.data.title }); }
                  }
                });
                """);
        Samples.put(files, "components/card/card.wxml", """
                <view class="card">
                  <slot name="header"></slot>
                  <text class="title">{{title}}</text><text class="price">{{label}}</text>
                  <badge count="{{count}}"></badge>
                  <button bindtap="onBuy">Buy</button>
                  <slot></slot>
                </view>
                """);
        Samples.put(
                files, "components/card/card.wxss", ".card { border: 1px solid #eee; } .title { font-size: 30rpx; }");
        Samples.put(files, "pages/shop/shop.json", "{\"usingComponents\": {\"card\": \"../../components/card/card\"}}");
        Samples.put(files, "pages/shop/shop.js", """
                var price = require('../../utils/price.js');
                Page({
                  data: { products: [], ticks: 0, total: '' },
                  onLoad: function () {
                    var cart = getApp().globalData.cart;
                    var products = [];
                    for (var i = 0; i < %d; i++) {
                      products.push({ id: 'p' + i, title: 'Product ' + i, cents: 990 + i * 100, count: i %% 9 });
                      cart.add('p' + i, 990 + i * 100);
                    }
                    this.setData({ products: products, total: cart.total() });
                  },
                  bump: function () {
                    var i = this.data.ticks %% %d;
                    var patch = { ticks: this.data.ticks + 1 };
                    patch['products[' + i + '].count'] = this.data.products[i].count + 1;
                    this.setData(patch);
                  },
                  onBuy: function (e) { this.setData({ bought: e.detail.title }); }
                });
                """.formatted(CARDS, CARDS));
        Samples.put(files, "pages/shop/shop.wxml", """
                <view class="shop">
                  <text>Total {{total}}</text>
                  <card wx:for="{{products}}" wx:key="id" title="{{item.title}}" cents="{{item.cents}}" count="{{item.count}}" bind:buy="onBuy">
                    <text slot="header">#{{index}}</text>
                    <text>In stock</text>
                  </card>
                  <button id="bump" bindtap="bump">Bump {{ticks}}</button>
                </view>
                """);
        Samples.put(files, "pages/about/about.js", "Page({ data: { v: 1 } });");
        Samples.put(files, "pages/about/about.wxml", "<view>About {{v}}</view>");
        return files;
    }
}

var catalog = require('../../utils/catalog');
var cart = require('../../utils/cart');
var text = require('/lib/text');

Page({
  data: { products: [], headline: '', basket: '' },
  onLoad: function () {
    var featured = catalog.featured();
    this.setData({
      products: featured,
      headline: text.plural(featured.length, 'featured product', 'featured products'),
      basket: text.plural(cart.lines().length, 'line', 'lines') + ' in your basket'
    });
  },
  onAdd: function (e) {
    cart.add(catalog.byId(e.detail.id), 1);
    this.setData({ basket: text.plural(cart.lines().length, 'line', 'lines') + ' in your basket' });
  }
});

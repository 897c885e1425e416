var catalog = require('../../utils/catalog');
var money = require('../../utils/money');

Page({
  data: { product: null, quantity: 1, subtotal: '' },
  onLoad: function (query) {
    var product = catalog.byId(query.id || 'p1');
    this.setData({ product: product, subtotal: money.format(product.cents) });
  },
  onQuantity: function (e) {
    this.setData({ quantity: e.detail.value, subtotal: money.format(this.data.product.cents * e.detail.value) });
  }
});

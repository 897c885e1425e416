var cart = require('../../utils/cart');
var text = require('../../lib/text/index.js');

Page({
  data: { lines: [], summary: '', total: 0 },
  onShow: function () {
    var lines = cart.lines();
    this.setData({
      lines: lines,
      summary: text.plural(lines.length, 'line', 'lines') + ' in cart',
      total: cart.totalCents()
    });
  }
});

var PRICES = { d1: 18, d2: 20, d3: 22, d4: 12, d5: 14, d6: 24 };
var NAMES = { d1: 'Flat white', d2: 'Oat latte', d3: 'Matcha', d4: 'Croissant', d5: 'Banana bread', d6: 'Cheesecake' };

Page({
  data: {
    lines: [],
    total: 0,
    status: 'Your order is empty'
  },

  onLoad: function (query) {
    var page = this;
    var dish = query.dish || 'd1';
    // Promise style: no callbacks given, so the storage APIs answer with promises.
    wx.getStorage({ key: 'cart' })
      .then(function (res) {
        return res.data;
      }, function () {
        return [];
      })
      .then(function (cart) {
        cart.push(dish);
        return wx.setStorage({ key: 'cart', data: cart }).then(function () {
          return cart;
        });
      })
      .then(function (cart) {
        var lines = cart.map(function (id) {
          return { id: id, name: NAMES[id], price: PRICES[id] };
        });
        var total = lines.reduce(function (sum, line) {
          return sum + line.price;
        }, 0);
        page.setData({ lines: lines, total: total, status: lines.length + ' item(s) in your order' });
      });
  },

  checkout: function () {
    var page = this;
    wx.showModal({ title: 'Checkout', content: 'Pay ¥' + this.data.total + '?' }).then(function (res) {
      if (res.confirm) {
        wx.removeStorageSync('cart');
        wx.showToast({ title: 'Paid', icon: 'success' });
        page.setData({ lines: [], total: 0, status: 'Order confirmed' });
      }
    });
  }
});

var cart = require('./utils/cart');
var catalog = require('./utils/catalog.js');

App({
  globalData: { shopName: 'Corner Shop', memberSince: 2021 },
  onLaunch: function () {
    // A returning customer: yesterday's basket is restored at start-up.
    cart.add(catalog.byId('p1'), 2);
    cart.add(catalog.byId('p4'), 1);
  }
});

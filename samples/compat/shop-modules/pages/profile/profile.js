var catalog = require('../../utils/catalog');

Page({
  data: { since: '', favourite: null },
  onLoad: function () {
    var app = getApp();
    this.setData({
      since: app.globalData.shopName + ' member since ' + app.globalData.memberSince,
      favourite: catalog.byId('p4')
    });
  }
});

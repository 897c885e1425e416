var app = getApp();

Page({
  data: {
    destinations: [],
    tripCount: 0
  },

  onLoad: function () {
    this.setData({ destinations: app.globalData.destinations });
  },

  onShow: function () {
    this.setData({ tripCount: app.globalData.trips.length });
  },

  openTrips: function () {
    wx.navigateTo({ url: '/pages/trips/trips' });
  }
});

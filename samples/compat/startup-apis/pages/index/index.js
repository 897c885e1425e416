var app = getApp();

function pad(n) {
  return n < 10 ? '0' + n : '' + n;
}

Page({
  data: {
    greeting: 'Welcome to Campus Cafe',
    nickName: 'Guest',
    network: '',
    visits: 0,
    navTop: 0,
    opening: []
  },

  onLoad: function () {
    var page = this;
    wx.showLoading({ title: 'Loading' });

    var visits = wx.getStorageSync('visits') || 0;
    visits += 1;
    wx.setStorageSync('visits', visits);
    var now = new Date();
    wx.setStorageSync('lastVisit', now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate()));

    this.setData({
      visits: visits,
      navTop: app.globalData.statusBarHeight,
      opening: [
        { day: 'Mon - Fri', hours: '7:30 - 20:00' },
        { day: 'Sat - Sun', hours: '9:00 - 18:00' }
      ]
    });

    wx.getUserInfo({
      success: function (res) {
        page.setData({ nickName: res.userInfo.nickName });
      },
      fail: function () {
        page.setData({ nickName: 'Guest' });
      }
    });

    wx.getNetworkType({
      success: function (res) {
        page.setData({ network: res.networkType });
      },
      complete: function () {
        wx.hideLoading();
      }
    });

    wx.onNetworkStatusChange(function (res) {
      page.setData({ network: res.isConnected ? res.networkType : 'none' });
    });
  },

  onShareAppMessage: function () {
    return { title: 'Coffee at Campus Cafe', path: '/pages/index/index' };
  },

  goMenu: function () {
    wx.switchTab({ url: '/pages/menu/menu' });
  }
});

Page({
  data: {
    clipboard: '',
    notify: true,
    saved: ''
  },

  onLoad: function () {
    var page = this;
    wx.setNavigationBarColor({
      frontColor: '#ffffff',
      backgroundColor: '#6f4e37',
      animation: { duration: 300, timingFunc: 'easeIn' }
    });
    wx.showNavigationBarLoading();
    var stored = wx.getStorageSync('settings');
    if (stored) {
      this.setData({ notify: stored.notify });
    }
    wx.getClipboardData({
      success: function (res) {
        page.setData({ clipboard: 'Clipboard: ' + res.data });
      },
      fail: function () {
        page.setData({ clipboard: 'Clipboard unavailable' });
      },
      complete: function () {
        wx.hideNavigationBarLoading();
      }
    });
    wx.nextTick(function () {
      page.setData({ saved: 'Settings loaded' });
    });
  },

  toggleNotify: function () {
    var notify = !this.data.notify;
    wx.vibrateShort({ type: 'light' });
    wx.setStorage({ key: 'settings', data: { notify: notify } });
    this.setData({ notify: notify, saved: 'Settings saved' });
  },

  copyWifi: function () {
    wx.setClipboardData({ data: 'CampusCafe-Guest' });
  }
});

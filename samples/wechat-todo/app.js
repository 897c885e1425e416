// Written for WeChat; runs unchanged on Atrium (wx is an alias of ft).
App({
  onLaunch: function () {
    var logs = wx.getStorageSync('logs') || []
    logs.unshift(Date.now())
    wx.setStorageSync('logs', logs.slice(0, 10))
  },
  globalData: {
    userInfo: null
  }
})

Page({
  data: {
    logs: []
  },
  onLoad: function () {
    this.setData({
      logs: (wx.getStorageSync('logs') || []).map(function (t) { return new Date(t).toISOString() })
    })
  },
  onBack: function () {
    wx.navigateBack()
  }
})

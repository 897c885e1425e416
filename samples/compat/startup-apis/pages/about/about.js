// WeChat's own advice: compare the base library version before using newer APIs.
function compareVersion(v1, v2) {
  var a = v1.split('.');
  var b = v2.split('.');
  var len = Math.max(a.length, b.length);
  for (var i = 0; i < len; i++) {
    var x = parseInt(a[i] || '0', 10);
    var y = parseInt(b[i] || '0', 10);
    if (x > y) return 1;
    if (x < y) return -1;
  }
  return 0;
}

Page({
  data: {
    upToDate: '',
    device: '',
    screen: '',
    features: []
  },

  onLoad: function () {
    var base = wx.getAppBaseInfo();
    var device = wx.getDeviceInfo();
    var win = wx.getWindowInfo();
    var upToDate = compareVersion(base.SDKVersion, '2.10.4') >= 0;
    if (!upToDate) {
      wx.showModal({ title: 'Please update', content: 'Your WeChat is too old for this mini-program.', showCancel: false });
    }
    var features = ['getUserProfile', 'createSelectorQuery', 'getUpdateManager'].map(function (name) {
      return { name: name, ok: wx.canIUse(name) };
    });
    this.setData({
      upToDate: upToDate ? 'Your WeChat is up to date' : 'Please update WeChat',
      device: 'Running on ' + device.platform,
      screen: 'Screen ' + win.windowWidth + ' x ' + win.windowHeight + ' at ' + win.pixelRatio + 'x',
      features: features
    });
  }
});

Page({
  data: {
    nickName: '',
    signedIn: false,
    sessionText: '',
    scopes: '',
    envVersion: ''
  },

  onLoad: function () {
    var page = this;
    var account = wx.getAccountInfoSync();
    this.setData({ envVersion: account.miniProgram.envVersion });

    wx.checkSession({
      success: function () {
        page.setData({ signedIn: true, sessionText: 'Signed in' });
      },
      fail: function () {
        page.setData({ signedIn: false, sessionText: 'Signed out: please sign in' });
      }
    });

    wx.getSetting({
      success: function (res) {
        var granted = Object.keys(res.authSetting).filter(function (scope) {
          return res.authSetting[scope];
        });
        page.setData({ scopes: granted.length ? granted.join(', ') : 'No permissions granted yet' });
      }
    });

    wx.getUserProfile({
      desc: 'Show your name on your orders',
      success: function (res) {
        page.setData({ nickName: res.userInfo.nickName });
      },
      fail: function () {
        page.setData({ nickName: 'Anonymous coffee lover' });
      }
    });
  },

  signIn: function () {
    var page = this;
    wx.login().then(function (res) {
      page.setData({ signedIn: true, sessionText: 'Signed in with code ' + res.code });
    }).catch(function (err) {
      wx.showToast({ title: 'Sign-in failed', icon: 'error' });
      page.setData({ sessionText: err.errMsg });
    });
  }
});

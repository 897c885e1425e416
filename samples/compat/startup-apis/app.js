// Campus Cafe: what a typical shop mini-program does before its first page shows.
App({
  globalData: {
    statusBarHeight: 20,
    navBarHeight: 44,
    loginCode: '',
    scene: 0,
    shopName: 'Campus Cafe'
  },

  onLaunch: function () {
    var that = this;
    var launch = wx.getLaunchOptionsSync();
    this.globalData.scene = launch.scene;

    // A custom navigation bar lines up with the capsule buttons.
    var system = wx.getSystemInfoSync();
    var capsule = wx.getMenuButtonBoundingClientRect();
    this.globalData.statusBarHeight = system.statusBarHeight;
    this.globalData.navBarHeight = (capsule.top - system.statusBarHeight) * 2 + capsule.height;

    this.checkForUpdate();

    wx.login({
      success: function (res) {
        that.globalData.loginCode = res.code;
      },
      fail: function (err) {
        console.warn('login failed: ' + err.errMsg);
      }
    });

    wx.reportAnalytics('app_launch', { scene: launch.scene });
  },

  checkForUpdate: function () {
    if (!wx.canIUse('getUpdateManager')) {
      return;
    }
    var updateManager = wx.getUpdateManager();
    updateManager.onCheckForUpdate(function (res) {
      console.log('has update: ' + res.hasUpdate);
    });
    updateManager.onUpdateReady(function () {
      wx.showModal({
        title: 'Update ready',
        content: 'Restart to use the new version?',
        success: function (res) {
          if (res.confirm) {
            updateManager.applyUpdate();
          }
        }
      });
    });
    updateManager.onUpdateFailed(function () {
      console.warn('update failed');
    });
  }
});

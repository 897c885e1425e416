// The help page reaches for device features a host may not have, and copes.
Page({
  data: {
    bluetooth: '',
    location: '',
    audio: '',
    refreshed: 'Pull down to refresh'
  },

  onLoad: function () {
    var page = this;
    wx.openBluetoothAdapter({
      success: function () {
        page.setData({ bluetooth: 'Bluetooth ready for the coffee machine' });
      },
      fail: function (err) {
        page.setData({ bluetooth: 'Bluetooth: ' + err.errMsg });
      }
    });

    wx.getLocation({ type: 'gcj02' })
      .then(function (res) {
        page.setData({ location: 'You are at ' + res.latitude + ', ' + res.longitude });
      })
      .catch(function () {
        page.setData({ location: 'Location unavailable: showing all shops' });
      });

    try {
      var player = wx.createInnerAudioContext();
      player.src = '/assets/jingle.mp3';
      page.setData({ audio: 'Jingle ready' });
    } catch (e) {
      page.setData({ audio: 'Audio unavailable (' + e.message + ')' });
    }

    wx.onMemoryWarning(function () {
      console.warn('memory is low');
    });

    wx.startPullDownRefresh();
  },

  onPullDownRefresh: function () {
    this.setData({ refreshed: 'Refreshed the FAQ' });
    wx.stopPullDownRefresh();
  },

  callUs: function () {
    wx.makePhoneCall({ phoneNumber: '10086', fail: function (err) { console.warn(err.errMsg); } });
  }
});

App({
  globalData: {
    destinations: [
      { id: 'hangzhou', name: 'Hangzhou', region: 'Zhejiang', blurb: 'West Lake and tea terraces' },
      { id: 'chengdu', name: 'Chengdu', region: 'Sichuan', blurb: 'Pandas, teahouses and hotpot' },
      { id: 'guilin', name: 'Guilin', region: 'Guangxi', blurb: 'Karst peaks along the Li River' }
    ],
    trips: []
  },

  onLaunch: function () {
    var saved = wx.getStorageSync('trips');
    if (saved && saved.length) {
      this.globalData.trips = saved;
    }
  },

  findDestination: function (id) {
    var all = this.globalData.destinations;
    for (var i = 0; i < all.length; i++) {
      if (all[i].id === id) {
        return all[i];
      }
    }
    return all[0];
  }
});

Page({
  data: {
    city: {}
  },

  onLoad: function (query) {
    var city = getApp().findDestination(query.id || 'hangzhou');
    this.setData({ city: city });
    wx.setNavigationBarTitle({ title: city.name });
  },

  book: function () {
    // The booking subpackage is independent: it is handed what it needs in the URL.
    wx.navigateTo({
      url: '/packageBooking/pages/hotel/hotel?city=' + this.data.city.id + '&name=' + encodeURIComponent(this.data.city.name)
    });
  }
});

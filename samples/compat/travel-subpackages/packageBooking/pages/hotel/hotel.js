// An independent subpackage may open before the main package has loaded: it keeps to itself.
var HOTELS = [
  { name: 'Lakeside Inn', price: 480 },
  { name: 'Tea Garden Hostel', price: 160 },
  { name: 'Old Town Courtyard', price: 320 }
];

Page({
  data: {
    city: '',
    cityName: '',
    hotels: HOTELS,
    chosen: '',
    nights: 1
  },

  onLoad: function (query) {
    this.setData({ city: query.city || 'hangzhou', cityName: query.name || 'Hangzhou' });
  },

  choose: function (e) {
    this.setData({ chosen: e.currentTarget.dataset.name });
  },

  addNight: function () {
    this.setData({ nights: this.data.nights + 1 });
  },

  confirm: function () {
    if (!this.data.chosen) {
      wx.showToast({ title: 'Choose a hotel first', icon: 'none' });
      return;
    }
    wx.redirectTo({
      url: '../confirm/confirm?city=' + encodeURIComponent(this.data.cityName) + '&hotel=' +
        encodeURIComponent(this.data.chosen) + '&nights=' + this.data.nights
    });
  }
});

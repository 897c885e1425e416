Page({
  data: {
    city: '',
    hotel: '',
    nights: 0,
    reference: ''
  },

  onLoad: function (query) {
    var trip = {
      city: query.city || 'Hangzhou',
      hotel: query.hotel || 'Lakeside Inn',
      nights: Number(query.nights || 1)
    };
    this.setData({
      city: trip.city,
      hotel: trip.hotel,
      nights: trip.nights,
      reference: 'TG-' + trip.hotel.length + trip.nights + trip.city.length
    });
    var app = getApp();
    if (app && app.globalData) {
      app.globalData.trips.push(trip);
      wx.setStorageSync('trips', app.globalData.trips);
    }
  }
});

Page({
  data: {
    trips: []
  },

  onShow: function () {
    this.setData({ trips: getApp().globalData.trips });
  }
});

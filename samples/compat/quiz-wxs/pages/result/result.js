Page({
  data: {
    correct: 2,
    total: 3,
    tags: ['geography', 'planets', 'capitals']
  },
  onLoad: function (query) {
    if (query.correct) {
      this.setData({ correct: Number(query.correct), total: Number(query.total) });
    }
  },
  again: function () {
    wx.navigateBack();
  }
});

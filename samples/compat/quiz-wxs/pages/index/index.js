var app = getApp();

Page({
  data: {
    player: '',
    categories: [],
    showAll: true
  },
  onLoad: function () {
    this.setData({
      player: app.globalData.player,
      categories: app.globalData.categories
    });
  },
  openQuiz: function (e) {
    wx.navigateTo({ url: '/pages/quiz/quiz?category=' + e.currentTarget.dataset.categoryId });
  },
  toggle: function () {
    this.setData({ showAll: !this.data.showAll });
  }
});

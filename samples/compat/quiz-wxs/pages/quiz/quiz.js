var app = getApp();

Page({
  data: {
    category: 'geo',
    questions: [],
    picked: {},
    seconds: 95,
    typed: ''
  },
  onLoad: function (query) {
    this.setData({
      category: query.category || 'geo',
      questions: app.globalData.questions,
      picked: { 1: [0], 2: [0, 2] }
    });
  },
  onInput: function (e) {
    this.setData({ typed: e.detail.value });
  },
  submit: function () {
    wx.redirectTo({ url: '/pages/result/result?correct=2&total=3' });
  }
});

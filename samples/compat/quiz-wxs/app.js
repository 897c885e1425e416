// Quiz Night: the question bank lives here so every page can read it through getApp().
App({
  globalData: {
    player: 'Mei',
    categories: [
      { id: 'geo', title: 'World Geography', questions: 12, best: 0.8333, hot: true },
      { id: 'sci', title: 'Everyday Science', questions: 8, best: 0.5, hot: false },
      { id: 'lit', title: 'Classic Novels', questions: 10, best: 0, hot: false }
    ],
    questions: [
      { id: 1, qtype: 0, title: 'Which river is the longest in Asia?', options: ['Yangtze', 'Mekong', 'Ganges'], answer: [0] },
      { id: 2, qtype: 1, title: 'Which of these are planets?', options: ['Mars', 'Pluto', 'Venus'], answer: [0, 2] },
      { id: 3, qtype: 2, title: 'Name the capital of Kenya', options: [], answer: ['Nairobi'] }
    ]
  },
  onLaunch: function () {
    var runs = wx.getStorageSync('runs') || 0;
    wx.setStorageSync('runs', runs + 1);
  }
});

Page({
  data: {
    recipes: [
      { title: 'Soup', minutes: 20, veg: true, tags: ['warm', 'easy'] },
      { title: 'Stew', minutes: 90, veg: false, tags: [] }
    ],
    showSecond: true,
    lastLiked: '',
    detached: ''
  },
  onLiked: function (e) {
    this.setData({ lastLiked: e.detail.title + ' liked ' + e.detail.likes + ' on ' + e.currentTarget.id });
  },
  slower: function () {
    this.setData({ 'recipes[0].minutes': 25 });
  },
  hideSecond: function () {
    this.setData({ showSecond: false });
  },
  check: function () {
    this.setData({ detached: getApp().globalData.detached.join(',') });
  }
});

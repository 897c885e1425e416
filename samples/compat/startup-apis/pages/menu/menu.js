Page({
  data: {
    heading: "Today's menu",
    dishes: [
      { id: 'd1', name: 'Flat white', price: 18 },
      { id: 'd2', name: 'Oat latte', price: 20 },
      { id: 'd3', name: 'Matcha', price: 22 },
      { id: 'd4', name: 'Croissant', price: 12 },
      { id: 'd5', name: 'Banana bread', price: 14 },
      { id: 'd6', name: 'Cheesecake', price: 24 }
    ],
    boardInfo: ''
  },

  onLoad: function () {
    wx.setNavigationBarTitle({ title: 'Menu' });
    wx.setTabBarBadge({ index: 1, text: String(this.data.dishes.length) });
  },

  onReady: function () {
    var page = this;
    var query = wx.createSelectorQuery();
    query.select('.board').boundingClientRect();
    query.selectAll('.board .dish').fields({ id: true, dataset: true });
    query.exec(function (res) {
      var board = res[0];
      var dishes = res[1] || [];
      page.setData({
        boardInfo: dishes.length + ' dishes on the board' + (board && board.height > 0 ? '' : ' (not laid out)')
      });
    });
  },

  order: function (e) {
    var id = e.currentTarget.dataset.id;
    wx.navigateTo({ url: '/pages/order/order?dish=' + id });
  }
});

var orders = require('../../utils/orders');

Page({
  data: { orders: [] },
  onLoad: function () {
    this.setData({ orders: orders.list() });
  }
});

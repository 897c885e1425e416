// Written as a component, as WeChat allows for pages: methods are the page's handlers.
var cart = require('../../utils/cart');

Component({
  properties: { coupon: { type: String, value: 'none' } },
  data: { lines: 0, pay: '', step: '' },
  lifetimes: {
    attached: function () {
      this.setData({ step: 'Review your order' });
    }
  },
  methods: {
    onLoad: function () {
      this.setData({ lines: cart.lines().length, pay: cart.total() });
    },
    confirm: function () {
      this.setData({ step: 'Thank you!' });
    }
  }
});

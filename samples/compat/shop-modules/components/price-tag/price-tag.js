var money = require('../../utils/money');

Component({
  properties: {
    cents: {
      type: Number,
      value: 0,
      observer: function (cents) {
        this.setData({ label: money.format(cents) });
      }
    },
    prefix: { type: String, value: '' }
  },
  data: { label: '' },
  lifetimes: {
    attached: function () {
      this.setData({ label: money.format(this.data.cents) });
    }
  }
});

var stars = require('../../utils/stars');

Component({
  properties: { value: { type: Number, value: 0 } },
  data: { text: '' },
  attached: function () {
    this.setData({ text: stars(this.data.value) });
  }
});

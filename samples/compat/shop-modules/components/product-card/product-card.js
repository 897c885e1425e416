var tracked = require('../../behaviors/tracked');

Component({
  behaviors: [tracked],
  properties: {
    product: { type: Object, value: null },
    compact: Boolean
  },
  methods: {
    onAdd: function () {
      this.triggerEvent('add', { id: this.data.product.id });
    }
  }
});

Component({
  properties: {
    value: { type: Number, value: 1 },
    max: { type: Number, value: 9 }
  },
  methods: {
    more: function () {
      if (this.data.value >= this.data.max) return;
      this.setData({ value: this.data.value + 1 });
      this.triggerEvent('change', { value: this.data.value });
    }
  }
});

// A page written as a component, as WeChat allows.
Component({
  properties: { topic: String },
  data: { visits: 0, greeting: '' },
  lifetimes: {
    attached: function () {
      this.setData({ visits: 1 });
    }
  },
  methods: {
    onLoad: function () {
      this.setData({ greeting: 'About ' + this.data.topic });
    },
    visit: function () {
      this.setData({ visits: this.data.visits + 1 });
    }
  }
});

var titled = require('../behaviors/titled');

Component({
  behaviors: [titled],
  externalClasses: ['accent-class'],
  properties: {
    title: String,
    minutes: {
      type: Number,
      value: 10,
      observer: function (now, before) {
        this.setData({ changes: this.data.changes + 1, before: before });
      }
    },
    vegetarian: Boolean,
    tags: { type: Array, value: [] }
  },
  data: { changes: 0, likes: 0, log: '', shown: 0 },
  observers: {
    'likes': function (likes) {
      this.setData({ likeText: likes + ' likes' });
    }
  },
  lifetimes: {
    attached: function () {
      this.setData({ log: this.data.log + 'attached;' });
    },
    ready: function () {
      this.setData({ log: this.data.log + 'ready;' });
    },
    detached: function () {
      getApp().globalData.detached.push(this.data.title);
    }
  },
  pageLifetimes: {
    show: function () {
      this.setData({ shown: this.data.shown + 1 });
    }
  },
  methods: {
    like: function () {
      this.setData({ likes: this.data.likes + 1 });
      this.triggerEvent('liked', { title: this.data.title, likes: this.data.likes });
    }
  }
});

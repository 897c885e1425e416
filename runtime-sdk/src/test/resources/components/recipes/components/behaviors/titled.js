// Shared by every card-like component: a heading made from the title.
module.exports = Behavior({
  data: { heading: '' },
  observers: {
    'title': function (title) {
      this.setData({ heading: title.toUpperCase() });
    }
  },
  attached: function () {
    this.setData({ heading: this.data.title.toUpperCase(), log: this.data.log + 'behavior;' });
  }
});

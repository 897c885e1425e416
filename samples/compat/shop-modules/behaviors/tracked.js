// Counts how often a component was shown: shared by the cards and the stepper.
module.exports = Behavior({
  data: { views: 0 },
  attached: function () {
    this.setData({ views: this.data.views + 1 });
  }
});

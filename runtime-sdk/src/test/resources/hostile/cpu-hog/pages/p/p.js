// Each tap runs about three million instructions: within the per-callback budget, but over time
// far above a small share of CPU. (Counted work, not a wall-clock wait, so that a busy machine
// does not change how much CPU a tap takes.)
Page({
  data: { n: 0 },
  spin() {
    var x = 0;
    for (var i = 0; i < 300000; i++) { x += i % 7; }
    this.setData({ n: this.data.n + 1 });
  }
});

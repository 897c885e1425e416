// A well-behaved page: a tap counts.
Page({
  data: { n: 0 },
  k() { this.setData({ n: this.data.n + 1 }); }
});

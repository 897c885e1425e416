// Each tick keeps another 50 MB string. Per-callback budgets never see it (each tick allocates
// only 50 MB); before the session bound, the CLI host grew to about 1 GB and ignored 'quit'.
var keep = [];
Page({
  data: {},
  onLoad() {
    setInterval(function () { keep.push('x'.repeat(5e7)); }, 4);
  }
});

// A page that never lets go of its thread. The sandbox's budgets stop this in a few seconds; run
// with budgets set far above the crawl's time limit, it stands for any way a crawl could overrun
// (a sandbox defect, a built-in that ignores its budget), which only the worker's deadline ends.
Page({
  onLoad: function () {
    for (;;) { }
  }
});

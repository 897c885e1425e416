// Keeps a fresh ~4 MB string (join makes a flat copy, not a rope) on every step and every timer
// tick and never lets one go: a worker with a small heap dies of it before the page renders.
var kept = [];
function keep(i) { kept.push(new Array((1 << 21) + 1).join('x' + (i % 10))); }
Page({
  onLoad: function () {
    setInterval(function () { keep(kept.length); }, 4);
    for (var i = 0; i < 100; i++) { keep(i); }
  }
});

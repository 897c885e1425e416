// Keeps 16 MB more on every tap, in places a walker has to look into: a closure, a Set, a Map.
var keep = new Map();
var closures = [];
Page({
  data: { n: 0 },
  grow() {
    var n = this.data.n + 1;
    var big = 'y'.repeat(16e6) + n;
    if (n % 3 === 0) { keep.set(n, big); }
    else if (n % 3 === 1) { closures.push(function () { return big; }); }
    else { keep.set('s' + n, new Set([big])); }
    this.setData({ n: n });
  }
});

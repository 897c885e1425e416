// Two hundred renders in one tap, to a host that takes 50 ms to show each: every render waited in
// memory for the host, page view and all.
Page({
  data: { n: 0, rows: [] },
  storm() {
    for (var i = 1; i <= 200; i++) { this.setData({ n: i, rows: new Array(50).fill('row ' + i) }); }
  }
});

// Each tick keeps 40 MB and then loops until its budget stops it: a stopped callback skipped the
// retained-memory check, and the host's heap grew by 40 MB a tick.
var holder = [];
var i = 0;
Page({
  data: {},
  onLoad() { setInterval(function () { holder.push('x'.repeat(4e7) + (i++)); for (;;) { } }, 4); }
});

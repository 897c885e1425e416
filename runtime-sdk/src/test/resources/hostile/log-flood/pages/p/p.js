// Ten log lines of a megabyte every tick, to a host that prints each in 20 ms: the calls waiting
// for the host grew without bound (2.8 GB in 20 s), and a tap waited on them past its settle time.
var i = 0;
Page({
  data: {},
  onLoad() {
    setInterval(function () { var b = 'y'.repeat(1e6); for (var k = 0; k < 10; k++) { console.log(b + (i++)); } }, 4);
  },
  ping() { }
});

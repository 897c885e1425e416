// The security review's page: every 4 ms a tick that busy-waits 6 ms. Before the runtime coalesced
// ticks and bounded each session, ticks queued faster than they ran, the launch never settled and
// the crawl (and every crawl after it) hung. onLoad works 10 ms itself after starting the timer, so
// the first ticks are due before it returns.
function spin(ms) { var end = Date.now() + ms; while (Date.now() < end) { } }
Page({
  onLoad: function () {
    setInterval(function () { spin(6); }, 4);
    spin(10);
  }
});

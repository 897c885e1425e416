// The security review's page: every 4 ms a tick that busy-waits 6 ms, so ticks queue faster than
// they run and the sandbox is never idle. onLoad works 10 ms itself after starting the timer, so the
// first ticks are queued before it returns and the launch never settles, however fast the JVM.
function spin(ms) { var end = Date.now() + ms; while (Date.now() < end) { } }
Page({
  onLoad: function () {
    setInterval(function () { spin(6); }, 4);
    spin(10);
  }
});

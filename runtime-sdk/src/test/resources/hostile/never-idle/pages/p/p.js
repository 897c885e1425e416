// Each callback asks for the next one before it ends (an API whose answer comes back as a
// callback), so some callback is always queued: the thread is never idle, and a host waiting for
// it to settle would wait for ever. The settle deadline stops the session instead.
function spin() {
  wx.getSystemInfo({ complete: spin });
  var until = Date.now() + 2;
  while (Date.now() < until) { }
}
Page({
  data: {},
  onLoad() { spin(); }
});

// One callback asks for hundreds of asynchronous results at once: each is a callback queued on the
// mini-program's thread, more than its queue holds.
Page({
  data: { done: 0 },
  flood() {
    var page = this;
    for (var i = 0; i < 300; i++) {
      wx.getSystemInfo({ success: function () { page.done = (page.done || 0) + 1; } });
    }
  }
});

// Calls the host's code every way a mini-program can: a custom host API, a modal, a toast, the
// title, console; the host records which thread each ran on.
Page({
  data: { out: '' },
  onLoad() {
    var page = this;
    console.log('hello');
    wx.showToast({ title: 't' });
    wx.setNavigationBarTitle({ title: 'probe' });
    wx.showModal({ title: 'm', success: function () {} });
    wx.invokeHostApi('probe', {}, { success: function (r) { page.setData({ out: 'answered' }); } });
  }
});

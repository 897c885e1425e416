// A few bytes of data that ask the template for 360,000 nodes (wx:for over a number, nested), and
// every tap opens the page once more: ten open renders of that size took the host's heap from
// 219 MB to over 1 GB while the data the session was charged for stayed tiny.
Page({
  data: { n: 600 },
  again() { wx.navigateTo({ url: '/pages/p/p' }); }
});

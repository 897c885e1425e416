// 990 log lines at once, just under the lane's bound, to a host that takes 20 ms a line: twenty
// seconds of host work. Its neighbour's taps must not wait behind them.
Page({
  data: {},
  onLoad() { setTimeout(function () { for (var k = 0; k < 990; k++) { console.log('line ' + k); } }, 10); }
});

// A tick that takes longer (6 ms of busy waiting) than its period (4 ms): before the fix, ticks
// piled up on the queue (scheduleAtFixedRate), the mini-program's thread never went idle, and
// launch() never returned. Now a tick is skipped while the previous one is queued, and the
// session, busy most of the time, is stopped when it exceeds its share of CPU.
Page({
  data: { ticks: 0 },
  onLoad() {
    setInterval(function () {
      var until = Date.now() + 6;
      while (Date.now() < until) { }
    }, 4);
  }
});

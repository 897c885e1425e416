// Every tick loops until its budget stops it. Each stop was only reported: the stopped callbacks'
// CPU was never charged, so the session used a whole core for as long as the host kept it.
Page({
  data: {},
  onLoad() { setInterval(function () { for (;;) { } }, 4); }
});

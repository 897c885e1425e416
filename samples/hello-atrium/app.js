App({
  onLaunch(options) {
    this.globalData.launchedAt = Date.now();
  },
  globalData: {
    launchedAt: 0
  }
});

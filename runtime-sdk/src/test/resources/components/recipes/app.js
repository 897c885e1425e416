App({
  globalData: { detached: [] }
});

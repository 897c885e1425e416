import format from '../../utils/format';

const VERSION = Object.freeze({ major: 1, minor: 4 });

Page({
  data: {},
  onLoad() {
    const { major, minor } = VERSION;
    const launched = getApp().globalData.launchedAt > 0;
    this.setData({ version: `${major}.${minor}`, built: format.formatDate('2026-12-01'), launched });
  }
});

import { Store } from './utils/store';

App({
  globalData: { store: null, launchedAt: 0 },
  onLaunch(options) {
    const { scene = 0 } = options || {};
    this.globalData.store = new Store(`brief-${scene}`);
    this.globalData.launchedAt = Date.now();
  }
});

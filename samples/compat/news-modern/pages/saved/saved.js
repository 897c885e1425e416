Page({
  data: { saved: [], visits: 0 },
  onLoad() {
    const { store } = getApp().globalData;
    const visits = store.get('visits', 0) + 1;
    store.set('visits', visits).set('saved', ['a2', 'a4']);
    let labels = [];
    for (const id of store.get('saved', [])) {
      labels = [...labels, `#${id}`];
    }
    this.setData({ saved: labels, savedLine: labels.join(' '), visits, cached: store.size });
  }
});

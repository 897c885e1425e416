const { articles, ARTICLE_COUNT } = require('../../services/articles');


Page({
  data: {},
  async onLoad() {
    const list = await articles.list({ limit: ARTICLE_COUNT });
    const words = list.map((a) => a.words);
    const longest = list.reduce((a, b) => (b.words > (a?.words ?? 0) ? b : a), null);
    const tags = new Set(list.flatMap ? list.flatMap((a) => a.tags) : [].concat(...list.map((a) => a.tags)));
    this.setData({
      total: words.reduce((s, w) => s + w, 0),
      longest: longest?.title ?? '-',
      tags: [...tags].sort().join(','),
      squared: 2 ** 3
    });
  }
});

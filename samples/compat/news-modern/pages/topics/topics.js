const { articles } = require('../../services/articles');

const countBy = (list, pick) => list.reduce((counts, item) => {
  const key = pick(item);
  return { ...counts, [key]: (counts[key] || 0) + 1 };
}, {});

Page({
  data: { topics: [] },
  async onLoad() {
    const counts = countBy(await articles.list(), ({ topic }) => topic);
    const topics = Object.entries(counts).map(([name, count]) => `${name} (${count})`);
    this.setData({ topics });
  }
});

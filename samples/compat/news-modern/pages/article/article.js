const { articles } = require('/services/articles');

Page({
  data: { article: null, error: '' },
  async onLoad(query) {
    const { id = 'a1' } = query;
    try {
      const article = await articles.find(id);
      this.setData({ article, tagLine: article.tags.join(' / '), related: article.related.join(', ') || 'none' });
    } catch (e) {
      this.setData({ error: e.message });
    }
  }
});

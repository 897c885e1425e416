const { articles } = require('../../services/articles.js');

function matching(list, ...words) {
  const lowered = words.map((w) => w.toLowerCase());
  return list.filter(({ title, tags = [] }) => lowered.some((w) => title.toLowerCase().includes(w) || tags.includes(w)));
}

Page({
  data: { query: 'traffic', hits: [] },
  async onLoad(query) {
    const text = query.q ?? this.data.query;
    const hits = matching(await articles.list({ limit: 100 }), ...text.split(' '));
    this.setData({ query: text, hits: hits.map((h) => h.title), count: hits.length });
  },
  onInput(e) {
    this.setData({ query: e.detail.value });
  }
});

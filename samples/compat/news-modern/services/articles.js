// The article source: in a real app a wx.request; here a fixed list behind an async API, so pages
// use async/await exactly as they would with a network.
const ARTICLES = [
  { id: 'a1', title: 'Harbour bridge reopens', topic: 'city', date: '2026-11-28', words: 640, tags: ['traffic', 'city'] },
  { id: 'a2', title: 'Night markets return', topic: 'culture', date: '2026-11-29', words: 410, tags: ['food'] },
  { id: 'a3', title: 'Rail line gets new trains', topic: 'city', date: '2026-11-30', words: 980, tags: ['traffic'] },
  { id: 'a4', title: 'Library opens late on Fridays', topic: 'culture', date: '2026-11-30', words: 220, tags: [] }
];

const delay = (value) => new Promise((resolve) => resolve(value));

class ArticleService {
  async list({ topic, limit = 10 } = {}) {
    const all = await delay(ARTICLES);
    return all.filter((a) => !topic || a.topic === topic).slice(0, limit);
  }

  async find(id) {
    const all = await this.list();
    const found = all.find((a) => a.id === id);
    if (!found) throw new Error(`no article ${id}`);
    return { ...found, related: all.filter((a) => a.topic === found.topic && a.id !== id).map(({ title }) => title) };
  }
}

module.exports = { articles: new ArticleService(), ARTICLE_COUNT: ARTICLES.length };

const { articles } = require('../../services/articles.js');
import { formatDate, readingTime } from '../../utils/format';

Page({
  data: { items: [], loading: true },
  async onLoad() {
    const list = await articles.list();
    const items = list.map(({ id, title, date, words }) => ({ id, title, when: formatDate(date), minutes: readingTime(words) }));
    this.setData({ items, loading: false });
  }
});

Page({
  data: {
    greeting: 'Hello from Atrium',
    count: 0
  },
  onLoad(query) {
    if (query && query.name) {
      this.setData({ greeting: 'Hello, ' + query.name });
    }
  },
  onTap() {
    this.setData({ count: this.data.count + 1 });
  }
});

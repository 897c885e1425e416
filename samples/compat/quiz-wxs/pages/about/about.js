Page({
  data: {
    version: '1.4.0',
    released: 1704067200000,
    beta: false,
    features: ['Timed rounds', 'Weekly ranking', 'Offline history']
  }
});

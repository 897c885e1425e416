Page({
  data: {
    attempts: [
      { id: 'a1', quiz: 'World Geography', at: 1700000000000, correct: 10, total: 12, seconds: 312 },
      { id: 'a2', quiz: 'Everyday Science', at: 1700600000000, correct: 4, total: 8, seconds: 95 },
      { id: 'a3', quiz: 'World Geography', at: 1701200000000, correct: 12, total: 12, seconds: 250 }
    ]
  },
  clear: function () {
    this.setData({ attempts: [] });
  }
});

Page({
  data: {
    question: 'Which of these are planets?',
    explanation: 'Pluto was reclassified as a dwarf planet in 2006 by the International Astronomical Union.',
    open: false,
    sources: ['IAU resolution B5', 'NASA fact sheet']
  },
  toggle: function () {
    this.setData({ open: !this.data.open });
  }
});

var catalog = require('../../utils/catalog.js');

Page({
  data: { groups: [] },
  onLoad: function () {
    var all = catalog.all();
    var groups = catalog.categories().map(function (c) {
      return {
        label: c.name + ' (' + c.count + ')',
        names: all.filter(function (p) { return p.category === c.name; }).map(function (p) { return p.title; }).join(', ')
      };
    });
    this.setData({ groups: groups });
  }
});

var SIGHTS = {
  hangzhou: [
    { name: 'West Lake', free: true },
    { name: 'Lingyin Temple', free: false },
    { name: 'Longjing Village', free: true }
  ],
  chengdu: [
    { name: 'Giant Panda Base', free: false },
    { name: 'Jinli Street', free: true }
  ],
  guilin: [
    { name: 'Li River cruise', free: false },
    { name: 'Elephant Trunk Hill', free: false }
  ]
};

Page({
  data: {
    cityName: '',
    sights: []
  },

  onLoad: function (query) {
    var city = getApp().findDestination(query.id || 'hangzhou');
    this.setData({ cityName: city.name, sights: SIGHTS[city.id] || [] });
  }
});

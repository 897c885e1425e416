var DISHES = {
  hangzhou: ['Dongpo pork', 'West Lake fish in vinegar', 'Longjing shrimp'],
  chengdu: ['Mapo tofu', 'Hotpot', 'Dan dan noodles'],
  guilin: ['Guilin rice noodles', 'Beer fish']
};

Page({
  data: {
    cityName: '',
    dishes: []
  },

  onLoad: function (query) {
    var city = getApp().findDestination(query.id || 'hangzhou');
    this.setData({ cityName: city.name, dishes: DISHES[city.id] || [] });
  }
});

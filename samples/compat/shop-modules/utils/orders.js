var money = require('./money');

var HISTORY = [
  { number: 1001, status: 'delivered', cents: 1290 },
  { number: 1002, status: 'on its way', cents: 480 }
];

module.exports = {
  list: function () {
    return HISTORY.map(function (o) {
      return { number: o.number, label: 'Order #' + o.number + ' ' + o.status, amount: money.format(o.cents) };
    });
  }
};

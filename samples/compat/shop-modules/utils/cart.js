// One basket for the whole mini-program: every page that requires this module shares it.
var money = require('./money');
var lines = [];

function add(product, quantity) {
  for (var i = 0; i < lines.length; i++) {
    if (lines[i].id === product.id) {
      lines[i].quantity += quantity;
      return;
    }
  }
  lines.push({ id: product.id, title: product.title, cents: product.cents, quantity: quantity });
}

function totalCents() {
  return lines.reduce(function (sum, line) { return sum + line.cents * line.quantity; }, 0);
}

module.exports = {
  add: add,
  lines: function () { return lines.slice(); },
  totalCents: totalCents,
  total: function () { return money.format(totalCents()); }
};

var text = require('../lib/text');

var PRODUCTS = [
  { id: 'p1', name: 'green apples', category: 'Fruit', cents: 250, featured: true },
  { id: 'p2', name: 'blood oranges', category: 'Fruit', cents: 320, featured: false },
  { id: 'p3', name: 'ripe pears', category: 'Fruit', cents: 275, featured: true },
  { id: 'p4', name: 'sourdough loaf', category: 'Bakery', cents: 230, featured: true },
  { id: 'p5', name: 'rye rolls', category: 'Bakery', cents: 180, featured: false }
];

function withTitle(p) {
  return { id: p.id, name: p.name, title: text.titleCase(p.name), category: p.category, cents: p.cents, featured: p.featured };
}

exports.all = function () {
  return PRODUCTS.map(withTitle);
};

exports.byId = function (id) {
  for (var i = 0; i < PRODUCTS.length; i++) {
    if (PRODUCTS[i].id === id) return withTitle(PRODUCTS[i]);
  }
  return null;
};

exports.featured = function () {
  return exports.all().filter(function (p) { return p.featured; });
};

exports.categories = function () {
  var counts = {}, order = [];
  PRODUCTS.forEach(function (p) {
    if (!counts[p.category]) { counts[p.category] = 0; order.push(p.category); }
    counts[p.category] += 1;
  });
  return order.map(function (name) { return { name: name, count: counts[name] }; });
};

// Places that hold memory without showing it as a property: a pending promise's reaction, a
// suspended generator's local, a bound function's arguments, a Symbol-keyed property. Each tap
// keeps 20 MB more in the place its button names.
var kept = [];
var n = 0;
function big() { return 'z'.repeat(2e7) + (n++); }
var never = new Promise(function () {});
var hidden = {};
Page({
  data: {},
  promise() { var s = big(); kept.push(never.then(function () { return s; })); },
  generator() { var g = (function* () { var s = big(); yield 1; yield s.length; })(); g.next(); kept.push(g); },
  bound() { kept.push(function (s) { return s; }.bind(null, big())); },
  symbol() { hidden[Symbol('k' + n)] = big(); }
});
